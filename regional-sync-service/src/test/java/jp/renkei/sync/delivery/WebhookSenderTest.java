package jp.renkei.sync.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.sync.SyncProperties;
import jp.renkei.sync.partner.Endpoint;
import jp.renkei.sync.partner.WebhookUrlGuard;
import jp.renkei.sync.support.PlanEvents;
import jp.renkei.sync.support.AcceptedConnections;
import jp.renkei.sync.support.StandInPartner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The sender's connections: to the addresses the guard checked in the same step, never to one a second lookup gave,
 * and never through a proxy. Real sockets; only the name resolution is a stand-in, so that a name can change its
 * answer between two lookups as a rebinding attacker's DNS does.
 */
class WebhookSenderTest {

    private static final SyncProperties SETTINGS = new Binder(new MapConfigurationPropertySource(Map.of(
            "renkei.sync.delivery.request-timeout", "5s", "renkei.sync.delivery.connect-timeout", "2s",
            "renkei.sync.municipality-id", "abashiri")))
            .bindOrCreate("renkei.sync", SyncProperties.class);

    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    /**
     * {@code localhost} answers a public address to the check before the attempt and its real, loopback address to
     * every lookup after it. A sender that resolved again when connecting (the JDK client does) would connect to the
     * listener on the loopback interface.
     */
    @Test
    void aNameThatResolvesToAPublicThenToAPrivateAddressIsNeverConnectedToThePrivateOne() throws Exception {
        ServerSocket listener = new ServerSocket(0);
        opened.add(listener);
        AtomicInteger connections = AcceptedConnections.count(listener);
        AtomicInteger lookups = new AtomicInteger();
        WebhookUrlGuard guard = new WebhookUrlGuard(List.of(), host -> lookups.incrementAndGet() == 1
                ? new InetAddress[] {InetAddress.getByName("93.184.216.34")}
                : new InetAddress[] {InetAddress.getByName("127.0.0.1")});
        WebhookSender sender = sender(guard);

        WebhookSender.Outcome outcome = sender.send(endpoint("https://localhost:" + listener.getLocalPort() + "/hook"),
                event()).get(30, TimeUnit.SECONDS);

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.statusCode()).isNull();
        assertThat(outcome.error()).startsWith("refused: ").contains("a loopback address");
        assertThat(lookups).as("the check before the attempt and the connection's own").hasValue(2);
        assertThat(connections).as("connections to the private address").hasValue(0);
    }

    @Test
    void aRequestGoesStraightToThePartnerWhateverTheSystemsProxySelectorSays() throws Exception {
        ServerSocket proxy = new ServerSocket(0);
        opened.add(proxy);
        AtomicInteger proxied = AcceptedConnections.count(proxy);
        List<URI> asked = new CopyOnWriteArrayList<>();
        ProxySelector system = ProxySelector.getDefault();
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                asked.add(uri);
                return List.of(new Proxy(Proxy.Type.HTTP, proxy.getLocalSocketAddress()));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException failure) {
            }
        });
        opened.add(() -> ProxySelector.setDefault(system));
        String secret = WebhookSignature.newSecret(new SecureRandom(), 32);
        StandInPartner partner = new StandInPartner("ozora", secret);
        opened.add(partner);
        int port = URI.create(partner.url()).getPort();
        WebhookSender sender = sender(new WebhookUrlGuard(List.of("127.0.0.1:" + port)));

        Endpoint endpoint = Endpoint.create("ozora-1", "ozora", partner.url(), secret, Instant.now());
        WebhookSender.Outcome outcome = sender.send(endpoint, event()).get(30, TimeUnit.SECONDS);

        assertThat(outcome.succeeded()).as(String.valueOf(outcome.error())).isTrue();
        assertThat(partner.accepted).hasSize(1);
        assertThat(asked).isEmpty();
        assertThat(proxied).hasValue(0);
    }

    private WebhookSender sender(WebhookUrlGuard guard) {
        WebhookSender sender = new WebhookSender(SETTINGS, Clock.systemUTC(), guard, new SimpleMeterRegistry());
        opened.add(sender);
        return sender;
    }

    private static Endpoint endpoint(String url) {
        return Endpoint.create("ozora-1", "ozora", url, WebhookSignature.newSecret(new SecureRandom(), 32),
                Instant.now());
    }

    private static CloudEvent event() {
        return PlanEvents.revision("5-2-2", 1, List.of());
    }
}
