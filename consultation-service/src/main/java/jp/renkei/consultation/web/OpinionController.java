package jp.renkei.consultation.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import jp.renkei.consultation.moderation.ModerationService;
import jp.renkei.consultation.opinion.NewOpinion;
import jp.renkei.consultation.opinion.OpinionGroup;
import jp.renkei.consultation.opinion.OpinionService;
import jp.renkei.consultation.opinion.Receipt;
import jp.renkei.consultation.opinion.Submitter;
import jp.renkei.support.web.InvalidFieldException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/consultations/{id}")
@Tag(name = "opinions", description = "Submitting opinions, and moderating them")
class OpinionController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final OpinionService opinions;
    private final ModerationService moderation;
    private final CaseVisibility visibility;

    OpinionController(OpinionService opinions, ModerationService moderation, CaseVisibility visibility) {
        this.opinions = opinions;
        this.moderation = moderation;
        this.visibility = visibility;
    }

    @PostMapping("/opinions")
    @Operation(summary = "Submit an opinion while the consultation is OPEN; returns a receipt number",
            description = "Anyone may submit. Send an Idempotency-Key to make a retry land once: it gets the same "
                    + "receipt. Which submitter fields are required, and the longest text, are configuration.")
    ResponseEntity<Receipt> submit(@AuthenticationPrincipal Jwt caller,
                                   @PathVariable @Pattern(regexp = Ids.PATTERN) String id,
                                   @RequestHeader(value = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
                                   @RequestBody NewOpinion request) {
        if (idempotencyKey != null && !idempotencyKey.matches("[\\x21-\\x7E]{1,255}")) {
            throw new InvalidFieldException(IDEMPOTENCY_KEY, "1 to 255 visible ASCII characters");
        }
        visibility.get(id, caller);
        Receipt receipt = opinions.submit(id, idempotencyKey, request);
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Idempotent-Replayed", Boolean.toString(receipt.replayed())).body(receipt);
    }

    @GetMapping("/opinions")
    @Operation(summary = "Moderators: every opinion with its moderation state (no personal data)")
    List<ModeratorOpinionView> list(@PathVariable @Pattern(regexp = Ids.PATTERN) String id) {
        return moderation.opinions(id).stream().map(ModeratorOpinionView::of).toList();
    }

    @GetMapping("/opinions/{opinionId}/submitter")
    @Operation(summary = "Moderators: the submitter's personal data; each reading is audited")
    Submitter submitter(@AuthenticationPrincipal Jwt caller,
                        @PathVariable @Pattern(regexp = Ids.PATTERN) String id,
                        @PathVariable @Pattern(regexp = Ids.PATTERN) String opinionId) {
        return moderation.submitter(id, opinionId, Staff.actor(caller));
    }

    @PostMapping("/opinions/{opinionId}/submitter/erasure")
    @Operation(summary = "Moderators: erase the submitter's personal data (at their request), with the reason; audited")
    ResponseEntity<Void> eraseSubmitter(@AuthenticationPrincipal Jwt caller,
                                        @PathVariable @Pattern(regexp = Ids.PATTERN) String id,
                                        @PathVariable @Pattern(regexp = Ids.PATTERN) String opinionId,
                                        @Valid @RequestBody Erasure erasure) {
        moderation.eraseSubmitter(id, opinionId, erasure.reason(), Staff.actor(caller));
        return ResponseEntity.noContent().build();
    }

    record Erasure(@NotBlank @Size(max = 1000) String reason) {
    }

    @PostMapping("/opinions/{opinionId}/hide")
    @Operation(summary = "Moderators: hide an opinion from the result, with a reason")
    ModeratorOpinionView hide(@AuthenticationPrincipal Jwt caller,
                              @PathVariable @Pattern(regexp = Ids.PATTERN) String id,
                              @PathVariable @Pattern(regexp = Ids.PATTERN) String opinionId,
                              @Valid @RequestBody ConsultationRequests.Hide request) {
        return ModeratorOpinionView.of(moderation.hide(id, opinionId, request.reason(), request.note(),
                Staff.actor(caller)));
    }

    @PostMapping("/opinions/{opinionId}/redact")
    @Operation(summary = "Moderators: remove a passage (e.g. someone else's personal data) from the published text")
    ModeratorOpinionView redact(@AuthenticationPrincipal Jwt caller,
                                @PathVariable @Pattern(regexp = Ids.PATTERN) String id,
                                @PathVariable @Pattern(regexp = Ids.PATTERN) String opinionId,
                                @Valid @RequestBody ConsultationRequests.Redact request) {
        return ModeratorOpinionView.of(moderation.redact(id, opinionId, request.passage(), Staff.actor(caller)));
    }

    @PostMapping("/opinions/{opinionId}/summary")
    @Operation(summary = "Moderators: publish a summary instead of the full text")
    ModeratorOpinionView summarise(@AuthenticationPrincipal Jwt caller,
                                   @PathVariable @Pattern(regexp = Ids.PATTERN) String id,
                                   @PathVariable @Pattern(regexp = Ids.PATTERN) String opinionId,
                                   @Valid @RequestBody ConsultationRequests.Summarise request) {
        return ModeratorOpinionView.of(moderation.summarise(id, opinionId, request.summary(), Staff.actor(caller)));
    }

    @PostMapping("/opinions/{opinionId}/response")
    @Operation(summary = "Moderators: the city's view (市の考え方) with an outcome: REFLECTED 反映, "
            + "PARTIALLY_REFLECTED 一部反映, NOT_REFLECTED 反映せず, FOR_REFERENCE 参考")
    ModeratorOpinionView respond(@AuthenticationPrincipal Jwt caller,
                                 @PathVariable @Pattern(regexp = Ids.PATTERN) String id,
                                 @PathVariable @Pattern(regexp = Ids.PATTERN) String opinionId,
                                 @Valid @RequestBody ConsultationRequests.Respond request) {
        return ModeratorOpinionView.of(moderation.respond(id, opinionId, request.outcome(), request.text(),
                Staff.actor(caller)));
    }

    @PostMapping("/groups")
    @Operation(summary = "Moderators: group similar opinions, to answer them once")
    ResponseEntity<OpinionGroup> group(@AuthenticationPrincipal Jwt caller,
                                       @PathVariable @Pattern(regexp = Ids.PATTERN) String id,
                                       @Valid @RequestBody ConsultationRequests.Group request) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(moderation.group(id, request.label(), request.opinionIds(), Staff.actor(caller)));
    }

    @GetMapping("/groups")
    @Operation(summary = "Moderators: the groups of similar opinions")
    List<OpinionGroup> groups(@PathVariable @Pattern(regexp = Ids.PATTERN) String id) {
        return moderation.groups(id);
    }

    @PostMapping("/groups/{groupId}/response")
    @Operation(summary = "Moderators: the city's view on a group of opinions")
    OpinionGroup respondToGroup(@AuthenticationPrincipal Jwt caller,
                                @PathVariable @Pattern(regexp = Ids.PATTERN) String id,
                                @PathVariable @Pattern(regexp = Ids.PATTERN) String groupId,
                                @Valid @RequestBody ConsultationRequests.Respond request) {
        return moderation.respondToGroup(id, groupId, request.outcome(), request.text(), Staff.actor(caller));
    }
}
