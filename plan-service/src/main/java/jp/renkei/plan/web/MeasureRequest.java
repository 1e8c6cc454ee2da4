package jp.renkei.plan.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import jp.renkei.contracts.plan.MeasureSnapshot;
import jp.renkei.plan.measure.Measure;
import jp.renkei.plan.measure.MeasureContent;
import jp.renkei.support.web.SingleLine;

/**
 * A measure as staff send it: the whole content, where it sits in the plan, and optionally the reason for the
 * change (改訂理由). Creating a measure needs {@code measureId}, {@code goalNumber} and {@code areaId}; replacing one
 * may leave them out, and where it gives them they must match the measure.
 */
public record MeasureRequest(
        @Pattern(regexp = Ids.PATTERN) String measureId,
        @Min(1) @Max(99) Integer goalNumber,
        @Pattern(regexp = Ids.PATTERN) String areaId,
        @Size(max = 8) @SingleLine String number,
        @NotBlank @Size(max = 200) @SingleLine String title,
        @NotNull @Size(max = 50) List<@NotBlank @Size(max = 5000) String> currentSituation,
        @NotBlank @Size(max = 5000) String basicPolicy,
        @NotNull @Size(max = 50) List<@NotNull @Valid InitiativeRequest> initiatives,
        @NotNull @Size(max = 50) List<@NotBlank @Size(max = 200) @SingleLine String> relatedPlans,
        @NotNull @Size(max = 100) List<@NotNull @Valid GlossaryTermRequest> glossary,
        @NotNull @Size(max = 50) List<@NotBlank @Size(max = 64) @SingleLine String> tags,
        @Size(max = 2000) String reason) {

    public record InitiativeRequest(@NotBlank @Pattern(regexp = Ids.PATTERN) String id,
                                    @Size(max = 8) @SingleLine String number,
                                    @NotBlank @Size(max = 200) @SingleLine String category,
                                    @NotNull @Size(max = 100) List<@NotNull @Valid ItemRequest> items) {
    }

    public record ItemRequest(@NotBlank @Pattern(regexp = Ids.PATTERN) String id,
                              @NotBlank @Size(max = 1000) String text) {
    }

    public record GlossaryTermRequest(@NotBlank @Size(max = 100) @SingleLine String term,
                                      @NotBlank @Size(max = 2000) String definition) {
    }

    /** The request that would recreate the measure as it is. */
    static MeasureRequest of(Measure measure) {
        MeasureContent content = measure.content();
        return new MeasureRequest(measure.measureId(), measure.goalNumber(), measure.areaId(), measure.number(),
                content.title(), content.currentSituation(), content.basicPolicy(),
                content.initiatives().stream().map(initiative -> new InitiativeRequest(initiative.id(),
                        initiative.number(), initiative.category(), initiative.items().stream()
                        .map(item -> new ItemRequest(item.id(), item.text())).toList())).toList(),
                content.relatedPlans(),
                content.glossary().stream().map(term -> new GlossaryTermRequest(term.term(), term.definition())).toList(),
                content.tags(), null);
    }

    MeasureContent toContent() {
        return new MeasureContent(title, currentSituation, basicPolicy,
                initiatives.stream().map(initiative -> new MeasureSnapshot.Initiative(initiative.id(),
                        initiative.number(), initiative.category(), initiative.items().stream()
                        .map(item -> new MeasureSnapshot.Item(item.id(), item.text())).toList())).toList(),
                relatedPlans,
                glossary.stream().map(term -> new MeasureSnapshot.GlossaryTerm(term.term(), term.definition())).toList(),
                tags);
    }
}
