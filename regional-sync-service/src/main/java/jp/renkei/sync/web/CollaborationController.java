package jp.renkei.sync.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import jp.renkei.support.web.InvalidFieldException;
import jp.renkei.support.web.ResourceNotFoundException;
import jp.renkei.sync.collaboration.Collaboration;
import jp.renkei.sync.collaboration.PartnerResponse;
import jp.renkei.sync.collaboration.ViewRequest;
import jp.renkei.sync.partner.PartnerDirectory;
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

/**
 * The city's side of partners' answers (staff with {@code PLAN_EDITOR}): the responses to a measure, per version;
 * answering one; asking named partners for their views by a deadline (意見照会) and seeing who answered and who is
 * missing.
 */
@RestController
@Validated
@RequestMapping("/collaboration")
class CollaborationController {

    private final Collaboration collaboration;
    private final PartnerDirectory directory;
    private final Clock clock;

    CollaborationController(Collaboration collaboration, PartnerDirectory directory, Clock clock) {
        this.collaboration = collaboration;
        this.directory = directory;
        this.clock = clock;
    }

    @GetMapping("/plans/{planId}/measures/{measureId}/responses")
    List<ResponseView> responses(@PathVariable @Pattern(regexp = Ids.PLAN) String planId,
                                 @PathVariable @Pattern(regexp = Ids.MEASURE) String measureId,
                                 @RequestParam(required = false) @Min(1) Long version) {
        return collaboration.responsesTo(planId, measureId, version).stream().map(ResponseView::of).toList();
    }

    @PostMapping("/responses/{responseId}/answer")
    ResponseView answer(@PathVariable @Pattern(regexp = Ids.RESPONSE) String responseId,
                        @Valid @RequestBody AnswerRequest request, @AuthenticationPrincipal Jwt caller) {
        TextLimit.check("text", request.text());
        return collaboration.answer(responseId, request.text(), caller.getSubject()).map(ResponseView::of)
                .orElseThrow(() -> new ResourceNotFoundException("no response " + responseId));
    }

    @PostMapping("/view-requests")
    ResponseEntity<ViewRequestView> ask(@Valid @RequestBody ViewRequestRequest request,
                                        @AuthenticationPrincipal Jwt caller) {
        TextLimit.check("text", request.text());
        for (String partnerId : request.partners()) {
            if (directory.partner(partnerId).isEmpty()) {
                throw new InvalidFieldException("partners", "no partner " + partnerId);
            }
        }
        if (!request.deadline().isAfter(clock.instant())) {
            throw new InvalidFieldException("deadline", "the deadline has passed");
        }
        ViewRequest sent = collaboration.ask(new Collaboration.ViewRequestCommand(request.planId(),
                request.measureId(), request.version(), request.text(), request.partners(), request.deadline()),
                caller.getSubject());
        return ResponseEntity.created(URI.create("/collaboration/view-requests/" + sent.id()))
                .body(ViewRequestView.of(collaboration.viewRequest(sent.id()).orElseThrow()));
    }

    @GetMapping("/view-requests/{viewRequestId}")
    ViewRequestView viewRequest(@PathVariable @Pattern(regexp = Ids.EVENT) String viewRequestId) {
        return collaboration.viewRequest(viewRequestId).map(ViewRequestView::of)
                .orElseThrow(() -> new ResourceNotFoundException("no request for views " + viewRequestId));
    }

    record AnswerRequest(@NotBlank String text) {
    }

    record ViewRequestRequest(@NotBlank @Pattern(regexp = Ids.PLAN) String planId,
                              @NotBlank @Pattern(regexp = Ids.MEASURE) String measureId,
                              @NotNull @Min(1) Long version, @NotBlank String text,
                              @NotEmpty @Size(max = 50) List<@NotBlank @Pattern(regexp = Ids.PARTNER) String> partners,
                              @NotNull Instant deadline) {
    }

    /**
     * @param answered partners that answered
     * @param missing  partners that did not answer by the deadline: empty until it has passed
     * @param waiting  partners that may still answer before the deadline
     */
    record ViewRequestView(String id, String planId, String measureId, long version, String text, Instant deadline,
                           String sentBy, Instant sentAt, List<PartnerStanding> partners, List<String> answered,
                           List<String> missing, List<String> waiting) {

        static ViewRequestView of(Collaboration.ViewRequestState state) {
            ViewRequest request = state.request();
            List<PartnerStanding> partners = request.partners().stream().map(partnerId -> {
                PartnerResponse answer = state.answers().get(partnerId);
                return new PartnerStanding(partnerId, state.standingOf(partnerId),
                        answer == null ? null : ResponseView.of(answer));
            }).toList();
            return new ViewRequestView(request.id(), request.planId(), request.measureId(), request.version(),
                    request.text(), request.deadline(), request.sentBy(), request.sentAt(), partners,
                    having(partners, ViewRequest.Standing.ANSWERED), having(partners, ViewRequest.Standing.MISSING),
                    having(partners, ViewRequest.Standing.WAITING));
        }

        private static List<String> having(List<PartnerStanding> partners, ViewRequest.Standing standing) {
            return partners.stream().filter(partner -> partner.standing() == standing)
                    .map(PartnerStanding::partnerId).toList();
        }
    }

    /** @param response the partner's answer, when it gave one */
    record PartnerStanding(String partnerId, ViewRequest.Standing standing, ResponseView response) {
    }
}
