package jp.renkei.sync.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import jp.renkei.support.web.ResourceNotFoundException;
import jp.renkei.sync.collaboration.Collaboration;
import jp.renkei.sync.collaboration.ResponseKind;
import jp.renkei.sync.partner.PartnerDirectory;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A partner's response to an event it received — by webhook or in its pull feed — named by the event's id (the
 * {@code webhook-id} it received): {@code PUT} submits it, or changes it; {@code GET} reads it with the city's answer.
 * Only the partner itself may write it (SyncAccessRules); an event the partner never received is 404.
 */
@RestController
@Validated
@RequestMapping("/partners/{partnerId}/responses/{eventId}")
class ResponseController {

    private final Collaboration collaboration;
    private final PartnerDirectory directory;

    ResponseController(Collaboration collaboration, PartnerDirectory directory) {
        this.collaboration = collaboration;
        this.directory = directory;
    }

    @PutMapping
    ResponseEntity<ResponseView> respond(@PathVariable @Pattern(regexp = Ids.PARTNER) String partnerId,
                                         @PathVariable @Pattern(regexp = Ids.EVENT) String eventId,
                                         @Valid @RequestBody ResponseRequest request) {
        PartnerLookup.existing(directory, partnerId);
        TextLimit.check("text", request.text());
        Collaboration.Responded responded = collaboration.respond(partnerId, eventId,
                        new Collaboration.ResponseCommand(request.kind(), request.text(), request.section()))
                .orElseThrow(() -> notReceived(partnerId, eventId));
        ResponseView view = ResponseView.of(responded.response());
        return responded.created()
                ? ResponseEntity.created(URI.create("/partners/" + partnerId + "/responses/" + eventId)).body(view)
                : ResponseEntity.ok(view);
    }

    @GetMapping
    ResponseView read(@PathVariable @Pattern(regexp = Ids.PARTNER) String partnerId,
                      @PathVariable @Pattern(regexp = Ids.EVENT) String eventId) {
        PartnerLookup.existing(directory, partnerId);
        return collaboration.response(partnerId, eventId).map(ResponseView::of).orElseThrow(
                () -> new ResourceNotFoundException("partner " + partnerId + " has not responded to event " + eventId));
    }

    private static ResourceNotFoundException notReceived(String partnerId, String eventId) {
        return new ResourceNotFoundException("partner " + partnerId + " never received event " + eventId);
    }

    /** @param section the part of the measure the response concerns (a heading, an item id), if any */
    record ResponseRequest(@NotNull ResponseKind kind, @NotBlank String text, @Size(max = 200) String section) {
    }
}
