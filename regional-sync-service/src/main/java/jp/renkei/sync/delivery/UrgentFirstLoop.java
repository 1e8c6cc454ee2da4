package jp.renkei.sync.delivery;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that runs tasks as they come, and its urgent ones, in the order they came, before whatever else waits:
 * before each task it takes, it runs every urgent task waiting. So an urgent task waits at most for the task running
 * when it came, not for the queue behind it.
 */
final class UrgentFirstLoop extends ScheduledThreadPoolExecutor {

    private static final Logger log = LoggerFactory.getLogger(UrgentFirstLoop.class);

    private final Queue<Runnable> urgent = new ConcurrentLinkedQueue<>();

    UrgentFirstLoop(ThreadFactory threadFactory) {
        super(1, threadFactory);
    }

    /** Runs {@code task} before any task that is waiting now; after the urgent ones that came before it. */
    void executeUrgently(Runnable task) {
        urgent.add(task);
        // when nothing else waits, this one runs it
        execute(this::runUrgentTasks);
    }

    @Override
    protected void beforeExecute(Thread thread, Runnable task) {
        runUrgentTasks();
    }

    /** A task that throws ends alone: the others still run, and so does the task they went ahead of. */
    private void runUrgentTasks() {
        Runnable task;
        while ((task = urgent.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException unforeseen) {
                log.warn("an urgent task failed", unforeseen);
            }
        }
    }
}
