package jp.renkei.system.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CPU time per group of threads over a window: which part of a one-JVM benchmark (the benchmark's own clients, the
 * service's request threads, the store, the broker) used what, so that the service's share of a figure is known.
 * Threads are grouped by name with their numbers left out ({@code http-nio-#-exec-#}). Threads that end within the
 * window are not counted, and neither are the JVM's own (JIT compiler, GC): the rest of the process's time is theirs.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Pattern NUMBERS = Pattern.compile("\\d+");

    private final Map<Long, Long> startNanos = new HashMap<>();

    /** Starts counting now; false where the JVM measures no thread CPU time. */
    boolean start() {
        if (!THREADS.isThreadCpuTimeSupported()) {
            return false;
        }
        if (!THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
        startNanos.clear();
        for (long id : THREADS.getAllThreadIds()) {
            long cpu = THREADS.getThreadCpuTime(id);
            if (cpu >= 0) {
                startNanos.put(id, cpu);
            }
        }
        return true;
    }

    /** CPU milliseconds per thread group since {@link #start()}, the largest first. */
    Map<String, Double> millisByGroup() {
        Map<String, Double> groups = new HashMap<>();
        for (ThreadInfo thread : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (thread == null) {
                continue;
            }
            long cpu = THREADS.getThreadCpuTime(thread.getThreadId());
            if (cpu < 0) {
                continue;
            }
            long used = cpu - startNanos.getOrDefault(thread.getThreadId(), 0L);
            groups.merge(group(thread.getThreadName()), used / 1_000_000.0, Double::sum);
        }
        Map<String, Double> largestFirst = new LinkedHashMap<>();
        groups.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(entry -> largestFirst.put(entry.getKey(), entry.getValue()));
        return largestFirst;
    }

    static String group(String threadName) {
        return NUMBERS.matcher(threadName).replaceAll("#");
    }
}
