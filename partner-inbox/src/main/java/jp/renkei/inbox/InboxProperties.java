package jp.renkei.inbox;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jp.renkei.contracts.webhooks.WebhookSignature;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param secrets     the signing secrets ({@code whsec_…}) of each partner id this inbox receives for; several
 *                    (comma-separated) while a secret is being rotated, a request signed with any of them is accepted
 * @param storeDir    where received events are kept (one JSON Lines file per partner); none keeps them in memory only
 * @param tolerance   how far a request's timestamp may be from this clock, into the past or the future
 * @param maxBodySize larger requests are refused with 413 before they are read
 * @param readToken   the bearer token that lists what arrived ({@code GET /inbox}) and sends responses through this
 *                    inbox; without one, only callers on this machine may do either
 * @param gatewayUrl  Renkei's gateway, where responses to received events are sent
 * @param apiKeys     the API key of each partner id this inbox answers for ({@code PARTNER} keys, bound to the id)
 */
@ConfigurationProperties("renkei.inbox")
public record InboxProperties(Map<String, List<String>> secrets, Path storeDir,
                              @DefaultValue("5m") Duration tolerance, @DefaultValue("256KB") DataSize maxBodySize,
                              String readToken, @DefaultValue("http://127.0.0.1:8080") URI gatewayUrl,
                              Map<String, String> apiKeys) {

    /** Partner ids become file names and URL paths; nothing else gets in. */
    private static final Pattern PARTNER_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public InboxProperties {
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
        apiKeys = apiKeys == null ? Map.of() : Map.copyOf(apiKeys);
        secrets.forEach((partnerId, partnerSecrets) -> {
            if (!PARTNER_ID.matcher(partnerId).matches()) {
                throw new IllegalArgumentException("renkei.inbox.secrets: partner id '" + partnerId
                        + "' must be lower-case letters, digits, '-' or '_'");
            }
            if (partnerSecrets.isEmpty()) {
                throw new IllegalArgumentException("renkei.inbox.secrets." + partnerId + " is empty");
            }
            for (String secret : partnerSecrets) {
                try {
                    WebhookSignature.forSecret(secret.trim());
                } catch (IllegalArgumentException e) {
                    // the message names the setting, never the value
                    throw new IllegalArgumentException("renkei.inbox.secrets." + partnerId + ": " + e.getMessage());
                }
            }
        });
        if (tolerance.isNegative() || tolerance.isZero()) {
            throw new IllegalArgumentException("renkei.inbox.tolerance must be positive");
        }
    }

    /** Without the secrets: this record may end up in a log line or an actuator page. */
    @Override
    public String toString() {
        return "InboxProperties[partners=" + secrets.keySet() + ", storeDir=" + storeDir + ", tolerance=" + tolerance
                + ", maxBodySize=" + maxBodySize + ", readToken=" + (readToken == null ? "none" : "set")
                + ", gatewayUrl=" + gatewayUrl + ", apiKeys=" + apiKeys.keySet() + "]";
    }
}
