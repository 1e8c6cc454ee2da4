package jp.renkei.system.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BenchmarkJvmTest {

    private static final Path JAVA = Path.of("/jdk/bin/java");

    @Test
    void runsTheNamedBenchmarkAloneWithTheCompilerThreadsOfTheProcessesItStandsFor() {
        Properties settings = new Properties();
        settings.setProperty("bench.only", "plan-write,propagation");

        assertThat(BenchmarkJvm.command(JAVA, "propagation", settings, List.of("target/bench")))
                .containsExactly("/jdk/bin/java", "-XX:CICompilerCount=6", "-Dbench.only=propagation",
                        "-Dbench.in-this-jvm=true", "jp.renkei.system.bench.Benchmarks", "target/bench");
    }

    @Test
    void forwardsEveryBenchmarkSettingAndNothingElse() {
        Properties settings = new Properties();
        settings.setProperty("bench.plan.writers", "8");
        settings.setProperty("bench.gateway.nginx", "/usr/sbin/nginx");
        settings.setProperty("user.dir", "/work");
        settings.setProperty("benchmark", "not one of ours");
        settings.setProperty("bench.in-this-jvm", "true");

        assertThat(BenchmarkJvm.command(JAVA, "plan-write", settings, List.of()))
                .contains("-Dbench.plan.writers=8", "-Dbench.gateway.nginx=/usr/sbin/nginx")
                .filteredOn(argument -> argument.startsWith("-D"))
                .containsExactly("-Dbench.gateway.nginx=/usr/sbin/nginx", "-Dbench.plan.writers=8",
                        "-Dbench.only=plan-write", "-Dbench.in-this-jvm=true");
    }

    @Test
    void theJvmArgumentsGivenReplaceTheDefault() {
        Properties settings = new Properties();
        settings.setProperty("bench.jvm-args",
                "  -XX:CICompilerCount=4   -XX:StartFlightRecording=filename=/tmp/pw.jfr,settings=profile ");

        List<String> command = BenchmarkJvm.command(JAVA, "plan-write", settings, List.of());

        assertThat(command.subList(0, 3)).containsExactly("/jdk/bin/java", "-XX:CICompilerCount=4",
                "-XX:StartFlightRecording=filename=/tmp/pw.jfr,settings=profile");
        assertThat(command).noneMatch(argument -> argument.startsWith("-Dbench.jvm-args"));
    }

    @Test
    void theClassPathIsThisJvmsOwn() {
        assertThat(BenchmarkJvm.classPath().split(java.io.File.pathSeparator))
                .anyMatch(entry -> entry.endsWith("test-classes"));
    }
}
