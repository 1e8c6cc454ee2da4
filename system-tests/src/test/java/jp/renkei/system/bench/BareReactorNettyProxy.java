package jp.renkei.system.bench;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * The least a proxy written on the gateway's own transport can do: Reactor Netty's server in front of a pooled Reactor
 * Netty client, passing each request and answer through with only the hop-by-hop headers dropped. No routing table,
 * filters, access rules, tokens, metrics or resilience: what is left is the cost of the transport itself in this
 * JVM, the floor under any gateway built on it, beside nginx's.
 */
final class BareReactorNettyProxy implements AutoCloseable {

    private static final List<CharSequence> HOP_BY_HOP = List.of(HttpHeaderNames.HOST, HttpHeaderNames.CONNECTION,
            HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.TE, HttpHeaderNames.TRAILER,
            HttpHeaderNames.UPGRADE, HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION);

    private final ConnectionProvider connections = ConnectionProvider.builder("bench-bare-proxy").maxConnections(64)
            .maxIdleTime(Duration.ofSeconds(15)).build();
    private final DisposableServer server;

    BareReactorNettyProxy(String upstream) {
        HttpClient client = HttpClient.create(connections).baseUrl(upstream);
        server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, answer) -> client
                        .headers(headers -> headers.add(endToEnd(request.requestHeaders())))
                        .request(request.method()).uri(request.uri())
                        .send((ignored, outbound) -> outbound.send(request.receive().retain()))
                        .response((response, body) -> answer.status(response.status())
                                .headers(endToEnd(response.responseHeaders())).send(body.retain()))
                        .then())
                .bindNow(Duration.ofSeconds(10));
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    private static HttpHeaders endToEnd(HttpHeaders headers) {
        HttpHeaders copy = headers.copy();
        HOP_BY_HOP.forEach(copy::remove);
        return copy;
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(10));
        connections.disposeLater().block(Duration.ofSeconds(10));
    }
}
