package jp.renkei.sync.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import jp.renkei.sync.SyncProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.junit.jupiter.api.Test;

class EndpointGuardsTest {

    private static final Duration LONG = Duration.ofHours(1);

    @Test
    void anOpenBreakerLetsAFirstTrialGoAfterTheShortFirstWaitNotAfterTheLongestOne() {
        EndpointGuards guards = guards(Duration.ofMillis(50), LONG);
        List<String> halfOpen = new CopyOnWriteArrayList<>();
        guards.whenHalfOpen(halfOpen::add);
        EndpointGuards.Guard guard = guards.of("ozora-main");

        failUntilOpen(guard);

        assertThat(guard.mayCall()).isFalse();
        await().atMost(Duration.ofSeconds(20)).until(() -> halfOpen.contains("ozora-main"));
        assertThat(guard.mayCall()).isTrue();
    }

    @Test
    void eachFailedTrialWaitsLongerUpToTheLongestWait() {
        EndpointGuards guards = guards(Duration.ofMillis(50), LONG);
        EndpointGuards.Guard guard = guards.of("ozora-main");
        failUntilOpen(guard);

        // the trial fails: the breaker opens again, for twice as long, and so on, never beyond an hour
        await().atMost(Duration.ofSeconds(20)).until(guard::mayCall);
        assertThat(guard.tryAcquire()).isTrue();
        guard.onFailed(1_000_000, "503");

        assertThat(guard.breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        var waits = guard.breaker().getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState();
        assertThat(List.of(waits.apply(1), waits.apply(2), waits.apply(3), waits.apply(30)))
                .containsExactly(50L, 100L, 200L, LONG.toMillis());
    }

    @Test
    void aFirstWaitLongerThanTheLongestIsTheLongest() {
        EndpointGuards guards = guards(Duration.ofSeconds(5), Duration.ofMillis(200));
        var waits = guards.of("ozora-main").breaker().getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState();

        assertThat(waits.apply(1)).isEqualTo(200L);
    }

    @Test
    void byDefaultThirtyTrialsWaitTheFirstWaitBeforeTheWaitsGrow() {
        SyncProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "renkei.sync.municipality-id", "abashiri")))
                .bindOrCreate("renkei.sync", SyncProperties.class);
        var waits = new EndpointGuards(properties, new SimpleMeterRegistry()).of("ozora-main").breaker()
                .getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState();

        assertThat(List.of(waits.apply(1), waits.apply(30), waits.apply(31), waits.apply(100)))
                .containsExactly(1_000L, 1_000L, 2_000L, 30_000L);
    }

    private static void failUntilOpen(EndpointGuards.Guard guard) {
        for (int attempt = 0; attempt < 5; attempt++) {
            assertThat(guard.tryAcquire()).isTrue();
            guard.onFailed(1_000_000, "503");
        }
    }

    /** Bound as the service binds its configuration, waits doubling from the second, the rest at its defaults. */
    private static EndpointGuards guards(Duration firstOpenFor, Duration openFor) {
        SyncProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "renkei.sync.delivery.circuit-breaker.first-open-for", firstOpenFor.toMillis() + "ms",
                "renkei.sync.delivery.circuit-breaker.open-for", openFor.toMillis() + "ms",
                "renkei.sync.delivery.circuit-breaker.quick-trials", "1",
                "renkei.sync.municipality-id", "abashiri")))
                .bindOrCreate("renkei.sync", SyncProperties.class);
        return new EndpointGuards(properties, new SimpleMeterRegistry());
    }
}
