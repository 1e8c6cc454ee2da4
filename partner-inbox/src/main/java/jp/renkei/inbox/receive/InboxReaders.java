package jp.renkei.inbox.receive;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpStatus;

/**
 * Who may list what the inbox received: the events are the partner's own business. With a read token configured,
 * whoever presents it as a bearer token; without one, only callers on this machine (the demo of {@code ./renkei up}
 * and a partner's own shell), so an inbox exposed to a network before anyone thought of a token lists nothing.
 */
final class InboxReaders {

    private static final String BEARER = "Bearer ";

    private final byte[] readToken;

    InboxReaders(String readToken) {
        this.readToken = readToken == null || readToken.isBlank() ? null : readToken.getBytes(StandardCharsets.UTF_8);
    }

    /** @throws WebhookProblem 401 without the configured token, 403 from elsewhere when none is configured */
    void check(String remoteAddress, String authorization) {
        if (readToken == null) {
            if (!isLoopback(remoteAddress)) {
                throw new WebhookProblem(HttpStatus.FORBIDDEN, "Authorization", "this inbox lists what it received "
                        + "only to its own machine; set renkei.inbox.read-token to read it from elsewhere");
            }
            return;
        }
        byte[] presented = authorization != null && authorization.startsWith(BEARER)
                ? authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(presented, readToken)) {
            throw new WebhookProblem(HttpStatus.UNAUTHORIZED, "Authorization",
                    "listing what this inbox received needs its read token as a bearer token");
        }
    }

    private static boolean isLoopback(String address) {
        // only an address literal, as the servlet container reports it, so that no name is ever looked up
        if (address == null || !(address.contains(":") || address.matches("\\d{1,3}(\\.\\d{1,3}){3}"))) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException notAnAddress) {
            return false;
        }
    }
}
