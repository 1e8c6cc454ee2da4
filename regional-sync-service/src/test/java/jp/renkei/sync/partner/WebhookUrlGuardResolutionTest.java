package jp.renkei.sync.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SSRF guard on host names: what a name resolves to decides, every address of it, both when a URL is checked and
 * when the sender asks where to connect. Names are answered by a stand-in resolver (the guard's own seam), and
 * {@code localhost} also by the machine's real one.
 */
class WebhookUrlGuardResolutionTest {

    private static final Map<String, List<String>> ZONE = Map.of(
            "partner.example", List.of("93.184.216.34"),
            "intranet.example", List.of("10.1.2.3"),
            "metadata.example", List.of("169.254.169.254"),
            "split.example", List.of("93.184.216.34", "192.168.0.10"),
            "split-v6.example", List.of("2606:4700::6810:85e5", "::1"),
            "inbox.internal", List.of("127.0.0.1"));

    private final WebhookUrlGuard guard = new WebhookUrlGuard(List.of(), WebhookUrlGuardResolutionTest::resolve);

    @ParameterizedTest
    @ValueSource(strings = {"https://intranet.example/hook", "https://metadata.example/latest/meta-data/",
            "https://split.example/hook", "https://split-v6.example/hook", "https://inbox.internal:8090/hook"})
    void refusesANameWhenAnyOfItsAddressesIsInternal(String url) {
        assertThatThrownBy(() -> guard.check(url)).isInstanceOf(WebhookUrlGuard.RefusedWebhookUrlException.class)
                .hasMessageContaining("resolves to").hasMessageContaining("address");
    }

    @Test
    void refusesLocalhostAsTheMachinesOwnResolverAnswersIt() {
        WebhookUrlGuard real = new WebhookUrlGuard(List.of());

        assertThatThrownBy(() -> real.check("https://localhost:8443/hook"))
                .hasMessage("the host localhost resolves to a loopback address");
        assertThatThrownBy(() -> real.resolvePublic("localhost"))
                .isInstanceOf(WebhookUrlGuard.RefusedAddressException.class)
                .hasMessage("the host localhost resolves to a loopback address");
    }

    @Test
    void acceptsANameWhoseEveryAddressIsPublic() {
        assertThatCode(() -> guard.check("https://partner.example/hook")).doesNotThrowAnyException();
    }

    @Test
    void refusesANameThatDoesNotResolve() {
        assertThatThrownBy(() -> guard.check("https://nowhere.example/hook"))
                .isInstanceOf(WebhookUrlGuard.RefusedWebhookUrlException.class)
                .hasMessage("the host nowhere.example does not resolve");
    }

    @Test
    void givesTheSenderExactlyTheAddressesThatPassed() throws UnknownHostException {
        assertThat(guard.resolvePublic("partner.example")).containsExactly(InetAddress.getByName("93.184.216.34"));
        assertThat(guard.resolvePublic("[2606:4700::6810:85e5]"))
                .containsExactly(InetAddress.getByName("2606:4700::6810:85e5"));
    }

    @Test
    void refusesTheSenderANameWithAnInternalAddressAsAnUnresolvableHost() {
        assertThatThrownBy(() -> guard.resolvePublic("split.example"))
                .isInstanceOf(WebhookUrlGuard.RefusedAddressException.class)
                .hasMessage("the host split.example resolves to a private address");
        assertThatThrownBy(() -> guard.resolvePublic("[::1]"))
                .isInstanceOf(WebhookUrlGuard.RefusedAddressException.class)
                .hasMessageContaining("a loopback address");
        assertThatThrownBy(() -> guard.resolvePublic("nowhere.example")).isInstanceOf(UnknownHostException.class)
                .isNotInstanceOf(WebhookUrlGuard.RefusedAddressException.class);
    }

    @Test
    void letsTheSenderConnectToAnAllowListedHostWhateverItResolvesTo() throws UnknownHostException {
        WebhookUrlGuard local = new WebhookUrlGuard(List.of("INBOX.internal:8090", "[::1]:8090"),
                WebhookUrlGuardResolutionTest::resolve);

        assertThat(local.resolvePublic("inbox.internal")).containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThat(local.resolvePublic("Inbox.Internal")).containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThat(local.resolvePublic("[::1]")).containsExactly(InetAddress.getByName("::1"));
        assertThatThrownBy(() -> local.resolvePublic("intranet.example"))
                .isInstanceOf(WebhookUrlGuard.RefusedAddressException.class);
    }

    @Test
    void anAllowListedNameIsAllowedOnItsPortWithoutLookingAtItsAddresses() {
        WebhookUrlGuard local = new WebhookUrlGuard(List.of("inbox.internal:8090"),
                WebhookUrlGuardResolutionTest::resolve);

        assertThatCode(() -> local.check("http://inbox.internal:8090/webhooks/ozora")).doesNotThrowAnyException();
        assertThatThrownBy(() -> local.check("https://inbox.internal:8091/hook"))
                .hasMessageContaining("a loopback address");
    }

    @Test
    void readsAnAllowListEntryOfABracketedIpv6AddressWithOrWithoutAPort() {
        WebhookUrlGuard bare = new WebhookUrlGuard(List.of("[::1]"));
        assertThatCode(() -> bare.check("http://[::1]/hook")).doesNotThrowAnyException();
        assertThatThrownBy(() -> bare.check("http://[::1]:8090/hook"))
                .isInstanceOf(WebhookUrlGuard.RefusedWebhookUrlException.class);

        WebhookUrlGuard withPort = new WebhookUrlGuard(List.of(" [::1]:8090 "));
        assertThatCode(() -> withPort.check("http://[::1]:8090/hook")).doesNotThrowAnyException();
    }

    @Test
    void acceptsTheFirstAndTheLastPortInAnAllowListEntry() {
        WebhookUrlGuard local = new WebhookUrlGuard(List.of("127.0.0.1:1", "127.0.0.1:65535"));

        assertThatCode(() -> local.check("http://127.0.0.1:1/hook")).doesNotThrowAnyException();
        assertThatCode(() -> local.check("http://127.0.0.1:65535/hook")).doesNotThrowAnyException();
    }

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        List<String> addresses = ZONE.get(host.toLowerCase(java.util.Locale.ROOT));
        if (addresses == null) {
            if (host.contains(":")) {
                return new InetAddress[] {InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        }
        InetAddress[] resolved = new InetAddress[addresses.size()];
        for (int i = 0; i < resolved.length; i++) {
            resolved[i] = InetAddress.getByName(addresses.get(i));
        }
        return resolved;
    }
}
