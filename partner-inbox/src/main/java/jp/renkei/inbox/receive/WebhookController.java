package jp.renkei.inbox.receive;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.inbox.receive.PartnerSignatures.Outcome;
import jp.renkei.inbox.InboxProperties;
import jp.renkei.inbox.store.Inbox;
import jp.renkei.inbox.store.ReceivedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Receives Standard Webhooks requests. In the request only what decides the answer happens: the signature and the
 * timestamp are checked, the event is made durable, and the sender is answered; whatever the partner does with the
 * event runs afterwards on the inbox's own worker (see {@code processing}).
 */
@RestController
class WebhookController {

    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

    private final Map<String, PartnerSignatures> signatures = new LinkedHashMap<>();
    private final InboxProperties properties;
    private final Inbox inbox;
    private final InboxReaders readers;
    private final JsonMapper json;
    private final Clock clock;

    WebhookController(InboxProperties properties, Inbox inbox, JsonMapper json, Clock clock) {
        properties.secrets().forEach((partnerId, secrets) -> signatures.put(partnerId, new PartnerSignatures(secrets)));
        this.properties = properties;
        this.inbox = inbox;
        this.readers = new InboxReaders(properties.readToken());
        this.json = json;
        this.clock = clock;
    }

    /**
     * Receives one webhook: 204 when it is new and stored, 200 when this partner already has this {@code webhook-id}
     * (the sender may stop retrying either way; nothing is stored twice), 401 when no signature matches or the
     * timestamp is outside the tolerance (in either direction: a request captured and sent again later is refused),
     * 400 for missing headers or a body that is not a JSON object, 413 for a body above the limit.
     */
    @PostMapping("/webhooks/{partnerId}")
    ResponseEntity<Void> receive(@PathVariable String partnerId, HttpServletRequest request) throws IOException {
        PartnerSignatures partnerSignatures = signatures.get(partnerId);
        if (partnerSignatures == null) {
            throw new WebhookProblem(HttpStatus.NOT_FOUND, "partnerId", "this inbox does not receive for " + partnerId);
        }
        String webhookId = requiredHeader(request, WebhookSignature.ID_HEADER);
        String timestamp = requiredHeader(request, WebhookSignature.TIMESTAMP_HEADER);
        String signature = requiredHeader(request, WebhookSignature.SIGNATURE_HEADER);
        byte[] body = readBody(request);
        Instant now = clock.instant();
        Outcome outcome = partnerSignatures.check(webhookId, timestamp, signature, body, now, properties.tolerance());
        if (outcome != Outcome.VALID) {
            log.warn("refused webhook {} for {}: {}", webhookId, partnerId, outcome);
            throw refusal(outcome);
        }
        JsonNode event;
        try {
            event = json.readTree(body);
        } catch (JacksonException e) {
            throw new WebhookProblem(HttpStatus.BAD_REQUEST, "body", "the body is not JSON");
        }
        if (!event.isObject()) {
            throw new WebhookProblem(HttpStatus.BAD_REQUEST, "body", "the body is not a JSON object (a CloudEvent)");
        }
        boolean fresh = inbox.accept(new ReceivedEvent(partnerId, webhookId, now, event));
        return fresh ? ResponseEntity.noContent().build() : ResponseEntity.ok().build();
    }

    @GetMapping("/inbox")
    List<ReceivedEvent> list(@RequestParam(required = false) String partnerId, HttpServletRequest request) {
        readers.check(request.getRemoteAddr(), request.getHeader(HttpHeaders.AUTHORIZATION));
        return inbox.list(partnerId);
    }

    private static WebhookProblem refusal(Outcome outcome) {
        return switch (outcome) {
            case BAD_TIMESTAMP -> new WebhookProblem(HttpStatus.BAD_REQUEST, WebhookSignature.TIMESTAMP_HEADER,
                    "must be whole seconds since the epoch");
            case TIMESTAMP_OUT_OF_TOLERANCE -> new WebhookProblem(HttpStatus.UNAUTHORIZED,
                    WebhookSignature.TIMESTAMP_HEADER, "too far from this receiver's clock (a replay, or a clock out of sync)");
            case BODY_NOT_UTF8 -> new WebhookProblem(HttpStatus.BAD_REQUEST, "body", "the body is not UTF-8 JSON");
            default -> new WebhookProblem(HttpStatus.UNAUTHORIZED, WebhookSignature.SIGNATURE_HEADER,
                    "no signature matches this partner's secret");
        };
    }

    private static String requiredHeader(HttpServletRequest request, String name) {
        String value = request.getHeader(name);
        if (value == null || value.isBlank()) {
            throw new WebhookProblem(HttpStatus.BAD_REQUEST, name, "is missing");
        }
        return value;
    }

    /** The body, refused with 413 as soon as it exceeds the limit (by its Content-Length, or while reading). */
    private byte[] readBody(HttpServletRequest request) throws IOException {
        long limit = properties.maxBodySize().toBytes();
        if (request.getContentLengthLong() > limit) {
            throw tooLarge(limit);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) limit + 1);
            if (body.length > limit) {
                throw tooLarge(limit);
            }
            return body;
        }
    }

    private static WebhookProblem tooLarge(long limit) {
        return new WebhookProblem(HttpStatus.CONTENT_TOO_LARGE, "body", "larger than this inbox accepts (" + limit
                + " bytes)");
    }
}
