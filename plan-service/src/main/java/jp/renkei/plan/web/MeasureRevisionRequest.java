package jp.renkei.plan.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import jp.renkei.contracts.plan.MeasureSnapshot;
import jp.renkei.plan.measure.MeasureContent;

/**
 * The body of a measure PUT: the whole new content, and optionally the reason for the change (改訂理由).
 *
 * @param measureId optional; when given it must match the path
 */
public record MeasureRevisionRequest(
        @Pattern(regexp = Ids.PATTERN) String measureId,
        @NotBlank @Size(max = 200) String title,
        @NotNull @Size(max = 50) List<@NotBlank @Size(max = 5000) String> currentSituation,
        @NotBlank @Size(max = 5000) String basicPolicy,
        @NotNull @Size(max = 50) List<@NotNull @Valid InitiativeRequest> initiatives,
        @NotNull @Size(max = 50) List<@NotBlank @Size(max = 200) String> relatedPlans,
        @NotNull @Size(max = 100) List<@NotNull @Valid GlossaryTermRequest> glossary,
        @NotNull @Size(max = 50) List<@NotBlank @Size(max = 64) String> tags,
        @Size(max = 2000) String reason) {

    public record InitiativeRequest(@NotBlank @Pattern(regexp = Ids.PATTERN) String id, @Size(max = 8) String number,
                                    @NotBlank @Size(max = 200) String category,
                                    @NotNull @Size(max = 100) List<@NotNull @Valid ItemRequest> items) {
    }

    public record ItemRequest(@NotBlank @Pattern(regexp = Ids.PATTERN) String id,
                              @NotBlank @Size(max = 1000) String text) {
    }

    public record GlossaryTermRequest(@NotBlank @Size(max = 100) String term,
                                      @NotBlank @Size(max = 2000) String definition) {
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
