package jp.renkei.inbox.receive;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import jp.renkei.inbox.InboxProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * How a partner answers an event it received: {@code PUT /inbox/{partnerId}/responses/{eventId}} with
 * {@code {"kind":"ACKNOWLEDGED|COMMENTED|OBJECTED","text":"…","section":"…"}} sends the body, byte for byte, to
 * Renkei's gateway as {@code PUT /api/partners/{partnerId}/responses/{eventId}} with the partner's API key
 * ({@code renkei.inbox.api-keys.<partnerId>}), and answers with the gateway's answer. The event id is the
 * {@code webhook-id} the event arrived with. Only those who may read the inbox may answer through it.
 */
@RestController
class ResponseController {

    private static final Logger log = LoggerFactory.getLogger(ResponseController.class);
    private static final Pattern PARTNER_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final InboxReaders readers;
    private final URI gateway;
    private final Map<String, String> apiKeys;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ResponseController(InboxProperties properties) {
        this.readers = new InboxReaders(properties.readToken());
        this.gateway = properties.gatewayUrl();
        this.apiKeys = properties.apiKeys();
    }

    @PutMapping("/inbox/{partnerId}/responses/{eventId}")
    ResponseEntity<byte[]> respond(@PathVariable String partnerId, @PathVariable String eventId,
                                   @RequestBody byte[] body, HttpServletRequest request) throws InterruptedException {
        readers.check(request.getRemoteAddr(), request.getHeader(HttpHeaders.AUTHORIZATION));
        if (!PARTNER_ID.matcher(partnerId).matches() || !apiKeys.containsKey(partnerId)) {
            throw new WebhookProblem(HttpStatus.NOT_FOUND, "partnerId",
                    "this inbox has no API key for that partner (renkei.inbox.api-keys.<partnerId>)");
        }
        if (!EVENT_ID.matcher(eventId).matches()) {
            throw new WebhookProblem(HttpStatus.BAD_REQUEST, "eventId", "not an event id");
        }
        HttpRequest toGateway = HttpRequest.newBuilder(gateway.resolve("/api/partners/" + partnerId + "/responses/"
                        + eventId))
                .timeout(Duration.ofSeconds(15))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + apiKeys.get(partnerId))
                .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(toGateway, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException unreachable) {
            log.warn("response of {} to event {} not sent: {}", partnerId, eventId, unreachable.toString());
            throw new WebhookProblem(HttpStatus.BAD_GATEWAY, "gateway", "Renkei's gateway did not answer; send again");
        }
        log.info("response of {} to event {}: the gateway answered {}", partnerId, eventId, answer.statusCode());
        return ResponseEntity.status(answer.statusCode())
                .header(HttpHeaders.CONTENT_TYPE, answer.headers().firstValue(HttpHeaders.CONTENT_TYPE)
                        .orElse(MediaType.APPLICATION_JSON_VALUE))
                .body(answer.body());
    }
}
