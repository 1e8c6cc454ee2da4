package jp.renkei.sync.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.httpcomponents.hc5.PoolingHttpClientConnectionManagerMetricsBinder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.sync.SyncProperties;
import jp.renkei.sync.partner.Endpoint;
import jp.renkei.sync.partner.WebhookUrlGuard;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.client5.http.async.AsyncExecRuntime;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.stereotype.Component;

/**
 * Sends one event to one endpoint as a Standard Webhooks request: {@code webhook-id} is the event id (stable
 * across retries, so the receiver can de-duplicate), the body the CloudEvent in structured JSON. Redirects are
 * not followed: a 3xx counts as a failure. Requests are asynchronous (Apache HttpClient 5's non-blocking client): a
 * partner that takes its time holds a connection, never a thread.
 *
 * <p>The client connects only to addresses {@link WebhookUrlGuard#resolvePublic} resolved and checked in the same
 * step (its DNS resolver), so no second lookup can lead a connection into the city's network; TLS still names and
 * verifies the URL's host (SNI, hostname verification). It never goes through a proxy, whatever the system's proxy
 * settings say: the route is always straight to the partner.
 *
 * <p>An attempt ends at its overall limit, and its connection with it: a partner that answers a byte at a time, each
 * inside the socket timeout, would otherwise keep the connection after the attempt was recorded as timed out
 * (cancelling the client's future does not close it). So every attempt's connection is closed
 * ({@link CloseMode#IMMEDIATE}) when the attempt ends without a whole answer, and one host can hold no more of the
 * pool than one partner's endpoints may have requests in flight. The pool's state is on Actuator's Prometheus endpoint
 * ({@code httpcomponents_httpclient_pool_total_connections{httpclient="webhooks",state="leased"}}).
 */
@Component
class WebhookSender implements AutoCloseable {

    static final String USER_AGENT = "Renkei-Webhooks/1 (regional-sync-service)";
    static final String CONTENT_TYPE = "application/cloudevents+json; charset=utf-8";
    /** How much of a partner's answer the attempt log keeps. */
    static final int EXCERPT_BYTES = 1024;
    /**
     * Open connections, for all partners together. Each endpoint's bulkhead limits its requests in flight, and every
     * attempt gives its connection back when it ends; one host (a route) may hold at most what one partner's endpoints
     * may have in flight together ({@link #maxConnectionsPerHost}), so no partner's host can take the pool from the
     * others.
     */
    static final int MAX_CONNECTIONS = 1024;
    /** Where each exchange's context keeps the handle that can end its connection. */
    private static final String EXCHANGE_RUNTIME = WebhookSender.class.getName() + ".exchangeRuntime";

    private final CloseableHttpAsyncClient http;
    private final Duration requestTimeout;
    private final Clock clock;
    private final WebhookUrlGuard urlGuard;

    WebhookSender(SyncProperties properties, Clock clock, WebhookUrlGuard urlGuard, MeterRegistry meters) {
        this.urlGuard = urlGuard;
        this.requestTimeout = properties.delivery().requestTimeout();
        this.clock = clock;
        PoolingAsyncClientConnectionManager connections = connections(properties, urlGuard);
        new PoolingHttpClientConnectionManagerMetricsBinder(connections, "webhooks").bindTo(meters);
        this.http = client(properties.delivery(), connections);
        http.start();
    }

    /** What one partner's endpoints may have in flight together: the most one host may hold of the pool. */
    static int maxConnectionsPerHost(SyncProperties properties) {
        return Math.min(MAX_CONNECTIONS,
                properties.delivery().maxInFlightPerEndpoint() * properties.limits().endpointsPerPartner());
    }

    private static PoolingAsyncClientConnectionManager connections(SyncProperties properties,
                                                                   WebhookUrlGuard urlGuard) {
        return PoolingAsyncClientConnectionManagerBuilder.create()
                .setDnsResolver(new CheckedResolver(urlGuard))
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setMaxConnPerRoute(maxConnectionsPerHost(properties))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(properties.delivery().connectTimeout()))
                        .setSocketTimeout(Timeout.of(properties.delivery().requestTimeout()))
                        .build())
                .build();
    }

    private static CloseableHttpAsyncClient client(SyncProperties.Delivery delivery,
                                                   PoolingAsyncClientConnectionManager connections) {
        Timeout requestTimeout = Timeout.of(delivery.requestTimeout());
        return HttpAsyncClients.custom()
                .setConnectionManager(connections)
                // keeps each exchange's runtime in its context: the one handle that closes the exchange's connection
                .addExecInterceptorFirst("renkei-connection-handle", keepExchangeRuntime())
                // straight to the partner: never a proxy, neither a configured one nor the system's ProxySelector
                .setRoutePlanner(new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE))
                .disableRedirectHandling()
                // a failed attempt is the dispatcher's to retry, on its schedule
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(requestTimeout)
                        .setResponseTimeout(requestTimeout)
                        .build())
                .build();
    }

    CompletableFuture<Outcome> send(Endpoint endpoint, CloudEvent event) {
        try {
            urlGuard.check(endpoint.url());
        } catch (WebhookUrlGuard.RefusedWebhookUrlException refused) {
            return CompletableFuture.completedFuture(Outcome.noAnswer("refused: " + refused.getMessage()));
        }
        byte[] body = event.toStructuredJson();
        Instant now = clock.instant();
        long timestamp = now.getEpochSecond();
        SimpleRequestBuilder request = SimpleRequestBuilder.post(URI.create(endpoint.url()))
                .setHeader("User-Agent", USER_AGENT)
                .setHeader(WebhookSignature.ID_HEADER, event.id())
                .setHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .setHeader(WebhookSignature.SIGNATURE_HEADER, endpoint.signingSecrets(now).stream()
                        .map(secret -> WebhookSignature.forSecret(secret).sign(event.id(), timestamp, body))
                        .collect(Collectors.joining(" ")))
                .setBody(body, ContentType.parse(CONTENT_TYPE));
        Answer answer = new Answer(clock);
        HttpClientContext context = HttpClientContext.create();
        Future<Outcome> exchange = http.execute(SimpleRequestProducer.create(request.build()), answer, context,
                answer.failures());
        return answer.outcome()
                // the request timeout bounds each wait for the partner; a body that trickles in must not hold the slot
                .orTimeout(requestTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS)
                .whenComplete((outcome, failure) -> {
                    if (failure != null || answer.cut()) {
                        // the rest of an answer is not read, nor one that took too long: before the slot is free again
                        abandon(exchange, context);
                    }
                })
                .handle((outcome, failure) -> failure == null ? outcome : failed(failure));
    }

    /**
     * Ends an exchange whose answer is no longer wanted. Cancelling stops one still waiting for a connection; it does
     * not close one already reading an answer, so that connection is closed here as well, at once.
     */
    private static void abandon(Future<Outcome> exchange, HttpClientContext context) {
        exchange.cancel(true);
        if (context.getAttribute(EXCHANGE_RUNTIME) instanceof AsyncExecRuntime runtime) {
            runtime.discardEndpoint();
        }
    }

    private static AsyncExecChainHandler keepExchangeRuntime() {
        return (request, entityProducer, scope, chain, callback) -> {
            scope.clientContext.setAttribute(EXCHANGE_RUNTIME, scope.execRuntime);
            chain.proceed(request, entityProducer, scope, callback);
        };
    }

    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
    }

    private static Outcome failed(Throwable failure) {
        Throwable cause = unwrapped(failure);
        if (cause instanceof TimeoutException || cause instanceof SocketTimeoutException) {
            return Outcome.noAnswer("timed out");
        }
        for (Throwable reason = cause; reason != null; reason = reason.getCause()) {
            if (reason instanceof WebhookUrlGuard.RefusedAddressException refused) {
                return Outcome.noAnswer("refused: " + refused.getMessage());
            }
        }
        return Outcome.noAnswer(cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }

    /** What failed a future: the cause a {@link CompletionException} carries, or the failure itself. */
    static Throwable unwrapped(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** A {@code Retry-After} in seconds or as an HTTP date; null when it is neither. */
    static Duration retryAfter(String value, Clock clock) {
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /**
     * @param statusCode      null when no response came back
     * @param retryAfter      what the partner asked for with {@code Retry-After}, or null
     * @param responseExcerpt the first {@value #EXCERPT_BYTES} bytes of the answer's body, for the attempt log
     */
    record Outcome(Integer statusCode, String error, Duration retryAfter, String responseExcerpt) {

        static Outcome noAnswer(String error) {
            return new Outcome(null, error, null, null);
        }

        boolean succeeded() {
            return error == null;
        }

        boolean gone() {
            return statusCode != null && statusCode == 410;
        }

        boolean asksToWait() {
            return retryAfter != null && statusCode != null && (statusCode == 429 || statusCode == 503);
        }
    }

    /** The client's resolver: the guard's, which answers only addresses that passed its checks. */
    private record CheckedResolver(WebhookUrlGuard guard) implements DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            return guard.resolvePublic(host);
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            // asked for Kerberos (SPNEGO) only, which webhooks do not use; never a reason for another lookup
            return host;
        }
    }

    /**
     * Reads a partner's answer: its status, its {@code Retry-After} and the first {@value #EXCERPT_BYTES} bytes of its
     * body. Once it has those it completes; the rest is not read (the sender then closes the connection).
     */
    static final class Answer implements AsyncResponseConsumer<Outcome> {

        private final Clock clock;
        private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private volatile HttpResponse head;
        private volatile FutureCallback<Outcome> resultCallback;
        private volatile boolean cut;

        Answer(Clock clock) {
            this.clock = clock;
        }

        CompletableFuture<Outcome> outcome() {
            return outcome;
        }

        /** True when the answer was longer than the excerpt and its rest was not read. */
        boolean cut() {
            return cut;
        }

        /** What the client reports when the exchange fails before or while the answer is read. */
        FutureCallback<Outcome> failures() {
            return new FutureCallback<>() {
                @Override
                public void completed(Outcome result) {
                    outcome.complete(result);
                }

                @Override
                public void failed(Exception failure) {
                    outcome.completeExceptionally(failure);
                }

                @Override
                public void cancelled() {
                    outcome.cancel(false);
                }
            };
        }

        @Override
        public void consumeResponse(HttpResponse response, EntityDetails entity, HttpContext context,
                                    FutureCallback<Outcome> resultCallback) {
            head = response;
            if (entity == null) {
                finish(resultCallback);
            } else {
                this.resultCallback = resultCallback;
            }
        }

        @Override
        public void informationResponse(HttpResponse response, HttpContext context) {
            // a 1xx before the answer: nothing to keep
        }

        @Override
        public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
            // no back-pressure: what is read beyond the excerpt is dropped, and the exchange cancelled
            capacityChannel.update(Integer.MAX_VALUE);
        }

        @Override
        public void consume(ByteBuffer data) {
            int take = Math.min(data.remaining(), EXCERPT_BYTES - kept.size());
            byte[] bytes = new byte[take];
            data.get(bytes);
            kept.write(bytes, 0, take);
            data.position(data.limit());
            if (kept.size() >= EXCERPT_BYTES && !outcome.isDone()) {
                cut = true;
                outcome.complete(read());
            }
        }

        @Override
        public void streamEnd(List<? extends Header> trailers) {
            finish(resultCallback);
        }

        @Override
        public void failed(Exception cause) {
            outcome.completeExceptionally(cause);
        }

        @Override
        public void releaseResources() {
            // nothing held beyond the excerpt
        }

        private void finish(FutureCallback<Outcome> callback) {
            Outcome result = read();
            // the client's exchange first, so its connection goes back to the pool before anyone looks at the result
            if (callback != null) {
                callback.completed(result);
            }
            outcome.complete(result);
        }

        private Outcome read() {
            int status = head.getCode();
            Header retryAfterHeader = head.getFirstHeader("Retry-After");
            Duration retryAfter = retryAfterHeader == null ? null : retryAfter(retryAfterHeader.getValue(), clock);
            // a multi-byte character cut at the limit becomes U+FFFD; the excerpt is for reading, not for parsing
            String excerpt = kept.size() == 0 ? null : new String(kept.toByteArray(), StandardCharsets.UTF_8);
            return new Outcome(status, status >= 200 && status < 300 ? null : "HTTP " + status, retryAfter, excerpt);
        }
    }
}
