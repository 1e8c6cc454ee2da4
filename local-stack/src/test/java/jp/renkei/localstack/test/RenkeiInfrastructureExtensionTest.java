package jp.renkei.localstack.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Runs two test classes in a test run of their own, to see the infrastructure shared by both and stopped at the end. */
class RenkeiInfrastructureExtensionTest {

    @Test
    void startsTheInfrastructureOnceForTheRunAndStopsItWhenTheRunEnds() {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(FirstUser.class), selectClass(SecondUser.class))
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();

        LauncherFactory.create().execute(request, listener);

        TestExecutionSummary summary = listener.getSummary();
        assertThat(summary.getFailures()).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(FirstUser.seen).isNotNull().isSameAs(SecondUser.seen);
        assertThat(FirstUser.seenRunning).isTrue();
        assertThat(SecondUser.seenRunning).isTrue();
        assertThat(FirstUser.seen.isRunning()).isFalse();
    }

    @ExtendWith(RenkeiInfrastructureExtension.class)
    static class FirstUser {
        static RenkeiInfrastructure seen;
        static boolean seenRunning;

        @Test
        void uses(RenkeiInfrastructure infrastructure) {
            seen = infrastructure;
            seenRunning = infrastructure.isRunning();
        }
    }

    @ExtendWith(RenkeiInfrastructureExtension.class)
    static class SecondUser {
        static RenkeiInfrastructure seen;
        static boolean seenRunning;

        @Test
        void uses() {
            seen = RenkeiInfrastructure.shared();
            seenRunning = seen.isRunning();
        }
    }
}
