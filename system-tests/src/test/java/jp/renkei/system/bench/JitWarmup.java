package jp.renkei.system.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Warms a workload up until the JIT compiler has caught up with it. Everything a benchmark measures runs in one JVM
 * (five applications, the broker, the store): a profile of a one-minute run of gateway-overhead showed the compiler
 * threads using 1.4 of the 2 cores while the legs were measured (jdk.CompilerStatistics: 14 s of compilation in 10 s),
 * so a fixed few-second warm-up measured the compiler, not the code. This runs the workload in slices until the
 * compiler's time in a slice falls below a share of the slice's wall time, or a bound is reached.
 */
final class JitWarmup {

    private static final CompilationMXBean COMPILER = ManagementFactory.getCompilationMXBean();

    /** One slice of the workload, run for about the given time. */
    @FunctionalInterface
    interface Slice {
        void run(Duration duration) throws Exception;
    }

    /** What the warm-up took and how busy the compiler still was in its last slice. */
    record Outcome(Duration took, double lastCompilerShare, boolean settled) {
    }

    private JitWarmup() {
    }

    static Outcome untilCompilerQuiet(Slice workload, Duration slice, double quietShare, Duration atMost)
            throws Exception {
        long start = System.nanoTime();
        double share = 1;
        while (System.nanoTime() - start < atMost.toNanos()) {
            long compiledBefore = compilerMillis();
            long sliceStart = System.nanoTime();
            workload.run(slice);
            double wallMillis = (System.nanoTime() - sliceStart) / 1_000_000.0;
            share = (compilerMillis() - compiledBefore) / wallMillis;
            if (share <= quietShare) {
                return new Outcome(Duration.ofNanos(System.nanoTime() - start), share, true);
            }
        }
        return new Outcome(Duration.ofNanos(System.nanoTime() - start), share, false);
    }

    /** Milliseconds all compiler threads have spent compiling; 0 where the JVM does not tell. */
    static long compilerMillis() {
        return COMPILER != null && COMPILER.isCompilationTimeMonitoringSupported()
                ? COMPILER.getTotalCompilationTime() : 0;
    }
}
