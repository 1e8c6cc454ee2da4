package jp.renkei.consultation.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import jp.renkei.consultation.hearing.GroupRequest;
import jp.renkei.consultation.hearing.HearingChannel;
import jp.renkei.consultation.hearing.HearingRecord;
import jp.renkei.consultation.hearing.HearingService;
import jp.renkei.consultation.hearing.HearingStatus;
import jp.renkei.support.web.SingleLine;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/hearings")
@Tag(name = "hearings", description = "Listening channels: 市長への手紙, みんなの市長室, 宅配トーク, 住民会議, surveys")
class HearingController {

    private final HearingService hearings;

    HearingController(HearingService hearings) {
        this.hearings = hearings;
    }

    record Receive(@NotNull HearingChannel channel, @NotNull LocalDate date, @NotBlank @Size(max = 8000) String summary,
                   @Size(max = 20) List<@NotBlank @Size(max = 100) @SingleLine String> topics,
                   @NotBlank @Pattern(regexp = Ids.PATTERN) String planId,
                   @Size(max = 20) List<@NotBlank @Pattern(regexp = Ids.PATTERN) String> measureIds,
                   @Valid GroupRequestBody groupRequest, @NotNull Boolean publishable) {
    }

    record GroupRequestBody(@NotBlank @Size(max = 200) @SingleLine String groupName, @NotNull LocalDate requestedDate,
                            @NotBlank @Size(max = 500) String topic) {
    }

    record Answer(@NotBlank @Size(max = 8000) String response, @NotNull Boolean publishable) {
    }

    /** What the public sees of a publishable, answered record. */
    record PublicHearing(String id, HearingChannel channel, String channelLabel, LocalDate date, String summary,
                         List<String> topics, List<String> measureIds, HearingStatus status, String response) {
    }

    /** What staff see: everything but the audit trail. */
    record HearingView(String id, HearingChannel channel, String channelLabel, LocalDate date, String summary,
                       List<String> topics, String planId, List<String> measureIds, GroupRequest groupRequest,
                       HearingStatus status, String response, boolean publishable, long version) {
        static HearingView of(HearingRecord r) {
            return new HearingView(r.id(), r.channel(), r.channel().label(), r.date(), r.summary(), r.topics(),
                    r.planId(), r.measureIds(), r.groupRequest(), r.status(), r.response(), r.publishable(), r.version());
        }
    }

    @PostMapping
    @Operation(summary = "Moderators: record an intake from a listening channel, mapped to plan measures")
    ResponseEntity<HearingView> receive(@AuthenticationPrincipal Jwt caller,
                                        @Valid @RequestBody Receive request) {
        GroupRequestBody group = request.groupRequest();
        HearingRecord record = hearings.receive(request.channel(), request.date(), request.summary(),
                request.topics() == null ? List.of() : request.topics(), request.planId(),
                request.measureIds() == null ? List.of() : request.measureIds(),
                group == null ? null : new GroupRequest(group.groupName(), group.requestedDate(), group.topic()),
                request.publishable(), Staff.actor(caller));
        return ResponseEntity.created(URI.create("/hearings/" + record.id())).body(HearingView.of(record));
    }

    @GetMapping
    @Operation(summary = "Moderators: every record, publishable or not, by channel and/or measure")
    List<HearingView> list(@RequestParam(required = false) HearingChannel channel,
                           @RequestParam(required = false) @Pattern(regexp = Ids.PATTERN) String measureId) {
        return hearings.list(channel, measureId, false).stream().map(HearingView::of).toList();
    }

    @GetMapping("/published")
    @Operation(summary = "Publishable, answered records: what was asked and what the city answered")
    List<PublicHearing> published(@RequestParam(required = false) HearingChannel channel,
                                  @RequestParam(required = false) @Pattern(regexp = Ids.PATTERN) String measureId) {
        return hearings.list(channel, measureId, true).stream()
                .map(r -> new PublicHearing(r.id(), r.channel(), r.channel().label(), r.date(), r.summary(), r.topics(),
                        r.measureIds(), r.status(), r.response()))
                .toList();
    }

    @GetMapping("/report")
    @Operation(summary = "Per measure: opinions and hearing records of a fiscal year (年度, April to March)")
    List<HearingService.MeasureActivity> report(@RequestParam @Min(2000) @Max(2100) int year) {
        return hearings.report(year);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Moderators: one record, publishable or not")
    HearingView get(@PathVariable @Pattern(regexp = Ids.PATTERN) String id) {
        return HearingView.of(hearings.get(id));
    }

    @PostMapping("/{id}/response")
    @Operation(summary = "Moderators: answer the record (RECEIVED → ANSWERED) and say whether it may be published")
    HearingView answer(@AuthenticationPrincipal Jwt caller,
                       @PathVariable @Pattern(regexp = Ids.PATTERN) String id, @Valid @RequestBody Answer request) {
        return HearingView.of(hearings.answer(id, request.response(), request.publishable(), Staff.actor(caller)));
    }

    @PostMapping("/{id}/close")
    @Operation(summary = "Moderators: close an answered record")
    HearingView close(@AuthenticationPrincipal Jwt caller,
                      @PathVariable @Pattern(regexp = Ids.PATTERN) String id) {
        return HearingView.of(hearings.close(id, Staff.actor(caller)));
    }
}
