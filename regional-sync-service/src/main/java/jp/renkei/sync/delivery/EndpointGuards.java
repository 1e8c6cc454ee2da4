package jp.renkei.sync.delivery;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import jp.renkei.sync.SyncProperties;
import org.springframework.stereotype.Component;

/**
 * A circuit breaker and a bulkhead per endpoint (Resilience4j, named by endpoint id): a partner that is down or slow
 * gets at most a few open requests and, once it keeps failing, none for a while, so it costs the others nothing.
 * Their states are on Actuator's Prometheus endpoint ({@code resilience4j_circuitbreaker_state{name=<endpoint>}}).
 */
@Component
class EndpointGuards {

    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry bulkheads;

    EndpointGuards(SyncProperties properties, MeterRegistry meters) {
        SyncProperties.CircuitBreaker breaker = properties.delivery().circuitBreaker();
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breaker.slidingWindow())
                .minimumNumberOfCalls(breaker.minimumCalls())
                .failureRateThreshold(breaker.failureRateThreshold())
                .waitIntervalFunctionInOpenState(new TrialWaits(breaker.firstOpenFor(), breaker.openFor(),
                        breaker.quickTrials()))
                .permittedNumberOfCallsInHalfOpenState(1)
                // half-open when the wait is over, without a call having to ask first: mayCall() only looks
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordExceptions(FailedAttempt.class)
                .build());
        this.bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(properties.delivery().maxInFlightPerEndpoint())
                .maxWaitDuration(Duration.ZERO)
                .build());
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
    }

    /** Tells {@code listener} the id of each endpoint whose breaker turns half-open: a trial request may go. */
    void whenHalfOpen(Consumer<String> listener) {
        whenStateChanges((endpointId, state) -> {
            if (state == CircuitBreaker.State.HALF_OPEN) {
                listener.accept(endpointId);
            }
        });
    }

    /**
     * Tells {@code listener} each endpoint's breaker state as this instance starts guarding it (closed) and each
     * change after that.
     */
    void whenStateChanges(BiConsumer<String, CircuitBreaker.State> listener) {
        breakers.getEventPublisher().onEntryAdded(added -> {
            CircuitBreaker breaker = added.getAddedEntry();
            listener.accept(breaker.getName(), breaker.getState());
            breaker.getEventPublisher().onStateTransition(event ->
                    listener.accept(event.getCircuitBreakerName(), event.getStateTransition().getToState()));
        });
    }

    Guard of(String endpointId) {
        return new Guard(breakers.circuitBreaker(endpointId), bulkheads.bulkhead(endpointId));
    }

    /** One endpoint's pair; a permission taken with {@link #tryAcquire()} is given back by exactly one {@code on…}. */
    record Guard(CircuitBreaker breaker, Bulkhead bulkhead) {

        /** False while the breaker is open: then the endpoint's deliveries need not even be read. */
        boolean mayCall() {
            return breaker.getState() != CircuitBreaker.State.OPEN;
        }

        boolean tryAcquire() {
            if (!bulkhead.tryAcquirePermission()) {
                return false;
            }
            if (!breaker.tryAcquirePermission()) {
                bulkhead.onComplete();
                return false;
            }
            return true;
        }

        /** The permission was taken but no request went out. */
        void onUnused() {
            breaker.releasePermission();
            bulkhead.onComplete();
        }

        void onSucceeded(long nanos) {
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            bulkhead.onComplete();
        }

        void onFailed(long nanos, String error) {
            breaker.onError(nanos, TimeUnit.NANOSECONDS, new FailedAttempt(error));
            bulkhead.onComplete();
        }
    }

    /** What the breaker counts as a failure: any attempt that did not end in 2xx. */
    static final class FailedAttempt extends RuntimeException {
        FailedAttempt(String error) {
            super(error, null, false, false);
        }
    }
}
