package jp.renkei.system.load;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The seeded partners' webhook receivers on one port of 127.0.0.1 (chosen by the server), each at
 * {@code /webhooks/<partnerId>}, as the local stack's partner inbox serves them: so regional-sync's allow-list of the
 * local stack ({@code 127.0.0.1:<inbox port>}) admits them as it is.
 */
public final class PartnerReceivers implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final ExecutorService threads;
    private final Map<String, SignedWebhookReceiver> byPartner = new LinkedHashMap<>();

    /** @param threads how many requests are answered at once, all partners together */
    public PartnerReceivers(List<String> partners, int threads) throws IOException {
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        this.threads = Executors.newFixedThreadPool(threads);
        server.setExecutor(this.threads);
        for (String partner : partners) {
            byPartner.put(partner, new SignedWebhookReceiver(partner, PartnerReceivers::revisionKey, server));
        }
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public SignedWebhookReceiver get(String partner) {
        return byPartner.get(partner);
    }

    public Collection<SignedWebhookReceiver> all() {
        return byPartner.values();
    }

    /**
     * regional-sync's arguments that make each receiver the endpoint of its partner, signed with its secret
     * ({@code renkei.sync.bootstrap-endpoints.*}).
     */
    public List<String> endpointArguments() {
        return byPartner.values().stream().flatMap(receiver -> List.of(
                "--renkei.sync.bootstrap-endpoints." + receiver.partnerId() + ".url=" + receiver.url(),
                "--renkei.sync.bootstrap-endpoints." + receiver.partnerId() + ".secret=" + receiver.secret()).stream())
                .toList();
    }

    /**
     * A delivered measure revision (or creation) as {@code measureId#version}, its partition key and sequence; null
     * for any other event (a consultation's tally is keyed by the measure id too, with a sequence of its own).
     */
    public static String revisionKey(byte[] body) {
        JsonNode event = JSON.readTree(body);
        if (!event.path("type").asString().startsWith("jp.renkei.plan.measure.")) {
            return null;
        }
        return event.path("partitionkey").asString() + "#" + event.path("sequence").asString();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
