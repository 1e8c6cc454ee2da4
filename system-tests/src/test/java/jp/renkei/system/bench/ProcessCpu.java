package jp.renkei.system.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * CPU time this JVM used from a moment on: a figure of cost per operation that other work on a shared machine
 * slows down far less than it slows down throughput.
 */
final class ProcessCpu {

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private volatile long startNanos = -1;

    /** Starts counting now. */
    void start() {
        startNanos = OS.getProcessCpuTime();
    }

    /** Starts counting when {@link System#nanoTime()} reaches {@code at} (the end of a warm-up). */
    void startAt(long at) {
        long wait;
        while ((wait = at - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
        start();
    }

    /** CPU milliseconds since {@link #start()}, over all of this JVM's threads. */
    double millisSinceStart() {
        long started = startNanos;
        return started < 0 ? 0 : (OS.getProcessCpuTime() - started) / 1_000_000.0;
    }
}
