package jp.renkei.sync.partner;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WebhookUrlGuardTest {

    private final WebhookUrlGuard guard = new WebhookUrlGuard(List.of());

    @ParameterizedTest
    @ValueSource(strings = {
            "https://127.0.0.1/hook", "https://127.1.2.3/hook", "https://10.0.0.5/hook", "https://172.16.0.1/hook",
            "https://172.31.255.255/hook", "https://192.168.1.1/hook", "https://100.64.0.1/hook",
            "https://169.254.169.254/latest/meta-data/", "https://0.0.0.0/hook", "https://224.0.0.1/hook",
            "https://255.255.255.255/hook", "https://198.18.0.1/hook",
            "https://[::1]/hook", "https://[::]/hook", "https://[fe80::1]/hook", "https://[fc00::1]/hook",
            "https://[fd00:ec2::254]/latest/meta-data/", "https://[::ffff:127.0.0.1]/hook",
            "https://[::ffff:10.1.2.3]/hook", "https://[::ffff:a9fe:a9fe]/hook", "https://[::127.0.0.1]/hook",
            "https://[64:ff9b::a9fe:a9fe]/hook", "https://[2002:7f00:1::]/hook", "https://[ff02::1]/hook",
            "https://localhost/hook", "https://LOCALHOST:8443/hook"})
    void refusesAddressesOfTheInternalNetwork(String url) {
        assertThatThrownBy(() -> guard.check(url)).isInstanceOf(WebhookUrlGuard.RefusedWebhookUrlException.class)
                .hasMessageContaining("address");
    }

    /** Forms that curl and browsers read as an internal address while Java reads them otherwise, or not at all. */
    @ParameterizedTest
    @ValueSource(strings = {"https://0177.0.0.1/hook", "https://0x7f.0.0.1/hook", "https://0x7f000001/hook",
            "https://2130706433/hook", "https://127.1/hook", "https://017700000001/hook", "https://10.0.0.010/hook",
            "https://93.184.216.034/hook", "https://example.0x10/hook", "https://127.0.0.1./hook"})
    void refusesIpv4AddressesNotWrittenAsFourPlainDecimals(String url) {
        // some of them java.net.URI cannot read as a host at all, which is refused for its own reason
        assertThatThrownBy(() -> guard.check(url)).isInstanceOf(WebhookUrlGuard.RefusedWebhookUrlException.class);
    }

    @Test
    void aLeadingZeroIsRefusedForWhatItIs() {
        assertThatThrownBy(() -> guard.check("https://0177.0.0.1/hook")).hasMessageContaining("four decimal numbers");
        assertThatThrownBy(() -> guard.check("https://93.184.216.034/hook")).hasMessageContaining("four decimal numbers");
    }

    @Test
    void aRefusalNamesTheKindOfAddressButNotTheAddress() {
        assertThatThrownBy(() -> guard.check("https://10.20.30.40/hook"))
                .hasMessageContaining("a private address").hasMessageNotContaining("10.20.30.40/")
                .satisfies(refused -> org.assertj.core.api.Assertions.assertThat(refused.getMessage())
                        .doesNotEndWith("10.20.30.40"));
        assertThatThrownBy(() -> guard.check("https://localhost/hook")).hasMessageNotContaining("127.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://93.184.216.34/hook", "ftp://93.184.216.34/hook", "https://user:pw@93.184.216.34/hook",
            "not a url", "https:///nohost"})
    void refusesPlainHttpOtherSchemesAndCredentials(String url) {
        assertThatThrownBy(() -> guard.check(url)).isInstanceOf(WebhookUrlGuard.RefusedWebhookUrlException.class);
    }

    @Test
    void acceptsPublicAddressesAndAllowListedHostsOnly() {
        assertThatCode(() -> guard.check("https://93.184.216.34/hook")).doesNotThrowAnyException();
        assertThatCode(() -> guard.check("https://[2606:4700::6810:85e5]/hook")).doesNotThrowAnyException();

        WebhookUrlGuard local = new WebhookUrlGuard(List.of("127.0.0.1:8090"));
        assertThatCode(() -> local.check("http://127.0.0.1:8090/webhooks/ozora")).doesNotThrowAnyException();
        assertThatThrownBy(() -> local.check("http://127.0.0.2:8090/webhooks/ozora"))
                .isInstanceOf(WebhookUrlGuard.RefusedWebhookUrlException.class);
    }

    /** An allow-listed host is an exception on its listed port only: other services on the same host stay out. */
    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8091/hook", "http://127.0.0.1/hook", "http://127.0.0.1:80/hook",
            "https://127.0.0.1/hook", "https://127.0.0.1:8443/hook", "http://127.0.0.1:27017/", "http://127.0.0.1:9092/"})
    void refusesAnAllowListedHostOnAnotherPort(String url) {
        WebhookUrlGuard local = new WebhookUrlGuard(List.of("127.0.0.1:8090", "[::1]:8090"));
        assertThatThrownBy(() -> local.check(url)).isInstanceOf(WebhookUrlGuard.RefusedWebhookUrlException.class);
        assertThatThrownBy(() -> local.check(url.replace("127.0.0.1", "[::1]")))
                .isInstanceOf(WebhookUrlGuard.RefusedWebhookUrlException.class);
    }

    @Test
    void anEntryWithoutAPortMeansTheDefaultPortOfTheScheme() {
        WebhookUrlGuard local = new WebhookUrlGuard(List.of("partner-inbox", "::1"));
        assertThatCode(() -> local.check("http://partner-inbox/hook")).doesNotThrowAnyException();
        assertThatCode(() -> local.check("http://partner-inbox:80/hook")).doesNotThrowAnyException();
        assertThatCode(() -> local.check("https://PARTNER-INBOX:443/hook")).doesNotThrowAnyException();
        assertThatCode(() -> local.check("http://[::1]/hook")).doesNotThrowAnyException();
        assertThatThrownBy(() -> local.check("http://partner-inbox:8090/hook"))
                .isInstanceOf(WebhookUrlGuard.RefusedWebhookUrlException.class);
        assertThatThrownBy(() -> local.check("http://partner-inbox:443/hook"))
                .isInstanceOf(WebhookUrlGuard.RefusedWebhookUrlException.class);
        assertThatThrownBy(() -> local.check("http://[::1]:8080/hook"))
                .isInstanceOf(WebhookUrlGuard.RefusedWebhookUrlException.class);
    }

    @Test
    void anAsteriskAllowsEveryPortOfThatHostOnly() {
        WebhookUrlGuard local = new WebhookUrlGuard(List.of("127.0.0.1:*"));
        assertThatCode(() -> local.check("http://127.0.0.1:41234/hook")).doesNotThrowAnyException();
        assertThatCode(() -> local.check("http://127.0.0.1/hook")).doesNotThrowAnyException();
        assertThatThrownBy(() -> local.check("http://127.0.0.2:41234/hook"))
                .isInstanceOf(WebhookUrlGuard.RefusedWebhookUrlException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:http", ":8090", "[::1",
            "[::1]8090"})
    void refusesAnAllowListEntryItCannotRead(String entry) {
        assertThatThrownBy(() -> new WebhookUrlGuard(List.of(entry))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(entry);
    }
}
