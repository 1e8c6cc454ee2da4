package jp.renkei.localstack.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownCommandTest {

    @TempDir
    Path root;

    private Process standIn;

    @AfterEach
    void killStandIn() {
        if (standIn != null) {
            standIn.descendants().forEach(ProcessHandle::destroyForcibly);
            standIn.destroyForcibly();
        }
    }

    @Test
    void stopsTheLauncherNamedInThePidFileAndWaitsForItsChildren() throws Exception {
        StackPaths paths = new StackPaths(root);
        Path log = root.resolve("stand-in.log");
        // a stand-in for a running launcher: a JVM with a child process of its own, which it stops on SIGTERM
        standIn = new ProcessBuilder(FakeService.command(List.of("--server.port=0", "--fake.grandchild=true",
                "--fake.kill-children-on-exit=true")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long grandchild = await().atMost(Duration.ofSeconds(30))
                .until(() -> ChildSupervisorTest.grandchildPid(log), Optional::isPresent).orElseThrow();
        PidFile.write(paths.pidFile(), standIn.pid());
        CapturedConsole captured = new CapturedConsole();

        int exitCode = new DownCommand(paths, captured.console, Duration.ofSeconds(60)).run();

        assertThat(exitCode).isZero();
        assertThat(standIn.isAlive()).isFalse();
        assertThat(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        assertThat(captured.out()).contains("renkei: stopping pid " + standIn.pid() + " and its 1 child processes")
                .containsPattern("renkei: stopped \\(\\d+\\.\\d s\\)");
    }

    @Test
    void saysNotRunningWithoutAPidFileAndRemovesAStaleOne() throws Exception {
        StackPaths paths = new StackPaths(root);
        CapturedConsole captured = new CapturedConsole();

        assertThat(new DownCommand(paths, captured.console, Duration.ofSeconds(5)).run()).isZero();
        assertThat(captured.out()).isEqualTo("renkei: not running" + System.lineSeparator());

        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        PidFile.write(paths.pidFile(), finished.pid());
        CapturedConsole stale = new CapturedConsole();
        assertThat(new DownCommand(paths, stale.console, Duration.ofSeconds(5)).run()).isZero();
        assertThat(stale.out()).startsWith("renkei: not running (removed the stale data/renkei.pid");
        assertThat(Files.exists(paths.pidFile())).isFalse();
    }
}
