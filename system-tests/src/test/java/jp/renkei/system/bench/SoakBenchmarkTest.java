package jp.renkei.system.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SoakBenchmarkTest {

    @Test
    void theHeapInUseIsTheSumOfTheGenerationsNotMetaspace() {
        String serial = """
                12345:
                 def new generation   total 39296K, used 1383K [0x00000000e0000000, 0x00000000e2aa0000)
                  eden space 34944K,   3% used [0x00000000e0000000, 0x00000000e0159e00, 0x00000000e2220000)
                 tenured generation   total 87424K, used 30012K [0x00000000e5550000, 0x00000000eaab0000)
                 Metaspace       used 71234K, committed 71936K, reserved 1114112K
                """;
        String g1 = """
                 garbage-first heap   total 262144K, used 40000K [0x0000000700000000, 0x0000000800000000)
                  region size 1024K, 1 young (1024K), 0 survivors (0K)
                 Metaspace       used 5000K, committed 5120K, reserved 1056768K
                """;

        assertThat(SoakBenchmark.heapUsedKib(serial)).isEqualTo(1383 + 30012);
        assertThat(SoakBenchmark.heapUsedKib(g1)).isEqualTo(40000);
    }
}
