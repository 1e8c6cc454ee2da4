package jp.renkei.sync.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import jp.renkei.sync.SyncProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * One endpoint's permissions: the bulkhead's limit on requests in flight, the breaker's refusal while open, and every
 * permission given back exactly once whichever way the attempt ended, so that an endpoint is never starved by
 * permissions that leaked.
 */
class EndpointGuardPermissionsTest {

    private static final Duration LONG = Duration.ofHours(1);
    private static final int IN_FLIGHT = 2;

    private final MeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void noMoreRequestsThanTheLimitAreInFlightAtOnce() {
        EndpointGuards.Guard guard = guards(LONG).of("ozora-main");

        assertThat(guard.tryAcquire()).isTrue();
        assertThat(guard.tryAcquire()).isTrue();
        assertThat(guard.tryAcquire()).as("a third while two are in flight").isFalse();
    }

    @Test
    void eachEndpointHasItsOwnLimit() {
        EndpointGuards guards = guards(LONG);
        EndpointGuards.Guard ozora = guards.of("ozora-main");
        for (int i = 0; i < IN_FLIGHT; i++) {
            assertThat(ozora.tryAcquire()).isTrue();
        }

        assertThat(guards.of("okhotsk-council-main").tryAcquire()).isTrue();
    }

    @Test
    void aRequestThatEndsInAnyWayFreesItsPlace() {
        EndpointGuards.Guard guard = guards(LONG).of("ozora-main");
        fill(guard);
        guard.onSucceeded(1_000_000);
        assertThat(guard.tryAcquire()).as("after a success").isTrue();
        assertThat(guard.tryAcquire()).isFalse();

        guard.onFailed(1_000_000, "HTTP 503");
        assertThat(guard.tryAcquire()).as("after a failure").isTrue();
        assertThat(guard.tryAcquire()).isFalse();

        guard.onUnused();
        assertThat(guard.tryAcquire()).as("after a permission not used").isTrue();
        assertThat(guard.tryAcquire()).isFalse();
    }

    @Test
    void anOpenBreakerRefusesWithoutTakingABulkheadPlace() {
        EndpointGuards.Guard guard = guards(LONG).of("ozora-main");
        failUntilOpen(guard);

        assertThat(guard.mayCall()).isFalse();
        for (int i = 0; i <= IN_FLIGHT; i++) {
            assertThat(guard.tryAcquire()).isFalse();
        }
        assertThat(guard.bulkhead().getMetrics().getAvailableConcurrentCalls()).isEqualTo(IN_FLIGHT);
    }

    @Test
    void aSuccessfulTrialClosesTheBreaker() {
        EndpointGuards.Guard guard = readyForATrial();

        assertThat(guard.tryAcquire()).as("the trial").isTrue();
        guard.onSucceeded(1_000_000);

        assertThat(guard.breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aTrialPermissionNotUsedLetsTheNextTrialGo() {
        EndpointGuards.Guard guard = readyForATrial();

        assertThat(guard.tryAcquire()).as("the trial").isTrue();
        assertThat(guard.tryAcquire()).as("a second trial at once").isFalse();
        guard.onUnused();

        assertThat(guard.tryAcquire()).as("the trial, again").isTrue();
    }

    @Test
    void toldEachStateOfEachEndpointsBreakerAndHalfOpenOnlyWhenATrialMayGo() {
        EndpointGuards guards = guards(LONG);
        List<String> states = new CopyOnWriteArrayList<>();
        List<String> halfOpen = new CopyOnWriteArrayList<>();
        guards.whenStateChanges((endpointId, state) -> states.add(endpointId + " " + state));
        guards.whenHalfOpen(halfOpen::add);

        failUntilOpen(guards.of("ozora-main"));
        guards.of("okhotsk-council-main");

        assertThat(states).containsExactly("ozora-main CLOSED", "ozora-main OPEN", "okhotsk-council-main CLOSED");
        assertThat(halfOpen).isEmpty();
    }

    @Test
    void eachEndpointsBreakerAndBulkheadAreOnTheMetricsEndpoint() {
        guards(LONG).of("ozora-main");

        assertThat(meters.find("resilience4j.circuitbreaker.state").tag("name", "ozora-main").gauges()).isNotEmpty();
        assertThat(meters.find("resilience4j.bulkhead.max.allowed.concurrent.calls").tag("name", "ozora-main")
                .gauge().value()).isEqualTo(IN_FLIGHT);
    }

    /**
     * A guard whose breaker opened and is half-open: one trial request may go. Moved there at once rather than after
     * its wait, which {@link EndpointGuardsTest} covers: these tests are about the permissions, and a wait on a busy
     * machine is not.
     */
    private EndpointGuards.Guard readyForATrial() {
        EndpointGuards.Guard guard = guards(LONG).of("ozora-main");
        failUntilOpen(guard);
        assertThat(guard.mayCall()).isFalse();
        guard.breaker().transitionToHalfOpenState();
        assertThat(guard.mayCall()).isTrue();
        return guard;
    }

    private static void fill(EndpointGuards.Guard guard) {
        for (int i = 0; i < IN_FLIGHT; i++) {
            assertThat(guard.tryAcquire()).isTrue();
        }
        assertThat(guard.tryAcquire()).isFalse();
    }

    /** The default breaker opens after five calls of which at least half failed. */
    private static void failUntilOpen(EndpointGuards.Guard guard) {
        for (int attempt = 0; attempt < 5; attempt++) {
            assertThat(guard.tryAcquire()).isTrue();
            guard.onFailed(1_000_000, "HTTP 503");
        }
    }

    /** Bound as the service binds its configuration, every other setting at its default. */
    private EndpointGuards guards(Duration firstOpenFor) {
        Map<String, String> settings = new HashMap<>();
        settings.put("renkei.sync.delivery.max-in-flight-per-endpoint", Integer.toString(IN_FLIGHT));
        settings.put("renkei.sync.delivery.circuit-breaker.first-open-for", firstOpenFor.toMillis() + "ms");
        settings.put("renkei.sync.delivery.circuit-breaker.open-for", LONG.toMillis() + "ms");
        settings.put("renkei.sync.municipality-id", "abashiri");
        SyncProperties properties = new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("renkei.sync", SyncProperties.class);
        return new EndpointGuards(properties, meters);
    }
}
