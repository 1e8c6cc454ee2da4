package jp.renkei.inbox;

import java.time.Clock;
import java.util.List;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.contracts.webhooks.WebhookSignature.Verification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RestController
class WebhookController {

    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

    private final InboxProperties properties;
    private final Inbox inbox;
    private final JsonMapper json;
    private final Clock clock;

    WebhookController(InboxProperties properties, Inbox inbox, JsonMapper json, Clock clock) {
        this.properties = properties;
        this.inbox = inbox;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Receives one webhook. 204 when accepted, 200 when it is a repeat of one already received (the sender may
     * stop retrying either way), 401 when the signature or timestamp does not hold.
     */
    @PostMapping("/webhooks/{partnerId}")
    ResponseEntity<?> receive(@PathVariable String partnerId,
                              @RequestHeader(name = WebhookSignature.ID_HEADER, required = false) String webhookId,
                              @RequestHeader(name = WebhookSignature.TIMESTAMP_HEADER, required = false) String timestamp,
                              @RequestHeader(name = WebhookSignature.SIGNATURE_HEADER, required = false) String signature,
                              @RequestBody(required = false) byte[] body) {
        String secret = properties.secrets().get(partnerId);
        if (secret == null) {
            return problem(HttpStatus.NOT_FOUND, "this inbox does not receive for partner " + partnerId);
        }
        byte[] payload = body == null ? new byte[0] : body;
        Verification verification = WebhookSignature.forSecret(secret)
                .verify(webhookId, timestamp, signature, payload, clock.instant(), properties.tolerance());
        if (verification != Verification.VALID) {
            log.warn("refused webhook {} for {}: {}", webhookId, partnerId, verification);
            return problem(HttpStatus.UNAUTHORIZED, "webhook refused: " + verification);
        }
        JsonNode event;
        try {
            event = json.readTree(payload);
        } catch (JacksonException e) {
            return problem(HttpStatus.BAD_REQUEST, "the body is not JSON");
        }
        boolean fresh = inbox.accept(new ReceivedEvent(partnerId, webhookId, clock.instant(), event));
        return fresh ? ResponseEntity.noContent().build() : ResponseEntity.ok().build();
    }

    @GetMapping("/inbox")
    List<ReceivedEvent> list(@RequestParam(required = false) String partnerId) {
        return inbox.list(partnerId);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
