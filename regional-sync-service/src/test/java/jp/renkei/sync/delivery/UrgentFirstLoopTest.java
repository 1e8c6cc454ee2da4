package jp.renkei.sync.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UrgentFirstLoopTest {

    private final UrgentFirstLoop loop = new UrgentFirstLoop(Thread::new);
    private final List<String> ran = new CopyOnWriteArrayList<>();
    private final CountDownLatch busyStarted = new CountDownLatch(1);
    private final CountDownLatch busy = new CountDownLatch(1);

    @AfterEach
    void stop() {
        loop.shutdownNow();
    }

    @Test
    void urgentTasksGoAheadOfTheQueueInTheOrderTheyCame() {
        loop.execute(this::busyUntilReleased);
        awaitBusy();
        loop.execute(() -> ran.add("queued 1"));
        loop.execute(() -> ran.add("queued 2"));
        loop.executeUrgently(() -> ran.add("urgent 1"));
        loop.executeUrgently(() -> ran.add("urgent 2"));

        busy.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 5);
        assertThat(ran).containsExactly("busy", "urgent 1", "urgent 2", "queued 1", "queued 2");
    }

    @Test
    void anUrgentTaskGoesAheadOfATimerThatIsDue() {
        loop.execute(this::busyUntilReleased);
        awaitBusy();
        loop.schedule(() -> ran.add("timer"), 0, TimeUnit.MILLISECONDS);
        loop.executeUrgently(() -> ran.add("urgent"));

        busy.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 3);
        assertThat(ran).containsExactly("busy", "urgent", "timer");
    }

    @Test
    void anUrgentTaskRunsWhenNothingElseWaits() {
        loop.executeUrgently(() -> ran.add("urgent"));

        await().atMost(Duration.ofSeconds(10)).until(() -> ran.equals(List.of("urgent")));
    }

    @Test
    void anUrgentTaskThatFailsTakesNeitherTheOthersNorTheLoopWithIt() {
        loop.execute(this::busyUntilReleased);
        awaitBusy();
        loop.execute(() -> ran.add("queued"));
        loop.executeUrgently(() -> {
            throw new IllegalStateException("unforeseen");
        });
        loop.executeUrgently(() -> ran.add("urgent"));

        busy.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 3);
        assertThat(ran).containsExactly("busy", "urgent", "queued");
    }

    private void awaitBusy() {
        try {
            assertThat(busyStarted.await(10, TimeUnit.SECONDS)).as("the loop took its first task").isTrue();
        } catch (InterruptedException interrupted) {
            throw new AssertionError(interrupted);
        }
    }

    private void busyUntilReleased() {
        busyStarted.countDown();
        try {
            busy.await();
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
        ran.add("busy");
    }
}
