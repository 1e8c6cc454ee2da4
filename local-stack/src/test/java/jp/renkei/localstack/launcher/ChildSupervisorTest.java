package jp.renkei.localstack.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildSupervisorTest {

    @TempDir
    Path root;

    private final CapturedConsole captured = new CapturedConsole();
    private ChildSupervisor supervisor;

    @AfterEach
    void stopWhateverIsLeft() {
        if (supervisor != null) {
            supervisor.stopAll(Duration.ofSeconds(1));
        }
    }

    private ChildSupervisor supervisor() {
        StackPaths paths = new StackPaths(root);
        supervisor = new ChildSupervisor(captured.console, paths::display, new HealthProbe(), Duration.ofMillis(100));
        return supervisor;
    }

    /** A fake service on a port it binds itself (0), which the supervisor learns from its log. */
    private ChildLaunch fake(String name, String... options) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.profiles.active=local"));
        args.addAll(List.of(options));
        return new ChildLaunch(name, FakeService.command(args), root, new StackPaths(root).logFile(name), 0);
    }

    /** Each service as a fake, with the arguments its definition builds from the ports known so far. */
    private ChildSupervisor.LaunchPlan fakes() {
        return (service, known) -> fake(service.name(),
                service.args().build(new LaunchContext(new StackPaths(root), known)).toArray(String[]::new));
    }

    @Test
    void waitsUntilEveryChildIsHealthyThenStopsThemAndWhatTheyStarted() throws Exception {
        ChildSupervisor children = supervisor();
        Path slowIsReady = root.resolve("slow-service-ready");
        ChildProcess slow = children.start(fake("slow-service", "--fake.healthy-once=" + slowIsReady));
        ChildProcess parent = children.start(fake("parent-service", "--fake.grandchild=true"));

        CompletableFuture<Void> healthy = CompletableFuture.runAsync(() -> {
            try {
                children.awaitHealthy(Duration.ofSeconds(120));
            } catch (LaunchException e) {
                throw new CompletionException(e);
            }
        });
        // the slow one said DOWN, was asked again and said DOWN again: the supervisor is still waiting for it
        await().atMost(Duration.ofSeconds(60)).until(() -> downAnswers(slow.logFile()) >= 2);
        assertThat(healthy).as("not done while a child is DOWN").isNotDone();
        Files.createFile(slowIsReady);
        healthy.get(60, TimeUnit.SECONDS);

        assertThat(captured.out()).containsPattern("\\[slow-service\\] healthy in \\d+\\.\\d s")
                .containsPattern("\\[parent-service\\] healthy in \\d+\\.\\d s");
        assertThat(Files.readString(slow.logFile())).as("the port it bound, learned from its log")
                .contains("fake service listening on 127.0.0.1:" + slow.port());
        // the child's stdout went to its log, with the arguments it was given
        assertThat(Files.readString(slow.logFile())).contains("=== renkei: starting slow-service", "--spring.profiles.active=local");
        long grandchildPid = await().atMost(Duration.ofSeconds(30))
                .until(() -> grandchildPid(parent.logFile()), Optional::isPresent).orElseThrow();
        assertThat(ProcessHandle.of(grandchildPid)).hasValueSatisfying(h -> assertThat(h.isAlive()).isTrue());

        children.stopAll(Duration.ofSeconds(20));

        assertThat(slow.isAlive()).isFalse();
        assertThat(parent.isAlive()).isFalse();
        assertThat(ProcessHandle.of(grandchildPid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        assertThat(captured.all()).doesNotContain("killing");
    }

    @Test
    void aChildThatExitsEarlyIsReportedWithTheLastTwentyLinesOfItsLog() throws Exception {
        ChildSupervisor children = supervisor();
        children.start(fake("healthy-service"));
        ChildLaunch broken = fake("broken-service", "--fake.fail-on-start=3");
        Files.createDirectories(broken.logFile().getParent());
        Files.writeString(broken.logFile(), "a line of an earlier run\n".repeat(30));
        children.start(broken);

        assertThatThrownBy(() -> children.awaitHealthy(Duration.ofSeconds(60)))
                .isInstanceOf(LaunchException.class)
                .satisfies(e -> {
                    String report = e.getMessage();
                    List<String> lines = report.lines().toList();
                    assertThat(lines.get(0)).isEqualTo("[broken-service] exited with code 3 before it was healthy; "
                            + "last 20 lines of data/logs/broken-service.log:");
                    assertThat(lines).hasSize(21);
                    assertThat(lines.get(20)).contains("APPLICATION FAILED TO START");
                    assertThat(report).contains("startup step 25").doesNotContain("startup step 5\n");
                    assertThat(report).doesNotContain("earlier run");
                });
    }

    @Test
    void theReportShowsOnlyWhatThisRunWroteToTheLog() throws Exception {
        ChildSupervisor children = supervisor();
        Path log = new StackPaths(root).logFile("missing-main");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "a line of an earlier run\n".repeat(30));
        children.start(new ChildLaunch("missing-main", List.of(ChildCommand.javaExecutable(), "-cp", root.toString(),
                "does.not.Exist"), root, log, 0));

        assertThatThrownBy(() -> children.awaitHealthy(Duration.ofSeconds(60)))
                .isInstanceOf(LaunchException.class)
                .satisfies(e -> assertThat(e.getMessage()).isEqualTo(String.join(System.lineSeparator(),
                        "[missing-main] exited with code 1 before it was healthy; last 20 lines of data/logs/missing-main.log:",
                        "    Error: Could not find or load main class does.not.Exist",
                        "    Caused by: java.lang.ClassNotFoundException: does.not.Exist")));
    }

    @Test
    void aChildThatIsNeverHealthyTimesOutAndOneThatIgnoresSigtermIsKilled() throws Exception {
        ChildSupervisor children = supervisor();
        ChildProcess stubborn = children.start(fake("stubborn-service",
                "--fake.healthy-once=" + root.resolve("never-created"), "--fake.ignore-term=true"));
        // it ignores SIGTERM only once its JVM has started and said so; on a busy machine that can take longer than
        // the wait below, and a SIGTERM before it would end the child at once, with nothing left to kill
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(stubborn.logFile())
                && Files.readString(stubborn.logFile()).contains("fake service listening"));

        assertThatThrownBy(() -> children.awaitHealthy(Duration.ofSeconds(3)))
                .isInstanceOf(LaunchException.class)
                .hasMessageStartingWith("[stubborn-service] not healthy after 3 s; last 20 lines of data/logs/stubborn-service.log:");

        children.stopAll(Duration.ofSeconds(1));

        assertThat(stubborn.isAlive()).isFalse();
        assertThat(captured.out()).contains("[stubborn-service] did not stop within 1 s; killing it");
    }

    @Test
    void startsAChildThatNamesAnotherChildsPortOnceThatOneHasBoundItAndRecordsEveryBoundPort() throws Exception {
        ChildSupervisor children = supervisor();
        List<ChildService> services = List.of(
                ChildService.of("caller-service", "caller", 18001, context -> List.of(
                        "--fake.calls=127.0.0.1:" + context.port("callee-service"))),
                ChildService.of("callee-service", "callee", 18002, context -> List.of()));
        Ports ports = Ports.resolve(ChildServices.portSpecs(services),
                java.util.Map.of("RENKEI_PORT_CALLER_SERVICE", "0", "RENKEI_PORT_CALLEE_SERVICE", "0"));
        List<String> heard = new ArrayList<>();
        ChildSupervisor.StartListener listener = new ChildSupervisor.StartListener() {
            @Override
            public void started(ChildProcess child) {
                heard.add("started " + child.name());
            }

            @Override
            public void bound(String name, int port) {
                heard.add("bound " + name);
            }
        };

        Ports started = children.startAll(services, ports, fakes(), listener, Duration.ofSeconds(120));
        children.awaitHealthy(Duration.ofSeconds(120));
        Ports all = children.recordBound(started, listener);

        int callee = all.port("callee-service");
        assertThat(callee).isNotZero();
        assertThat(all.port("caller-service")).isNotZero().isNotEqualTo(callee);
        assertThat(heard).containsExactly("started callee-service", "bound callee-service", "started caller-service",
                "bound caller-service");
        ChildProcess caller = children.children().get(1);
        assertThat(Files.readString(caller.logFile())).contains("--fake.calls=127.0.0.1:" + callee);
    }

    @Test
    void childrenThatNameEachOthersPortsOnPortZeroAreRefusedNamingTheirVariables() throws Exception {
        ChildSupervisor children = supervisor();
        List<ChildService> services = List.of(
                ChildService.of("pages", "pages", 18003, context -> List.of("--api=" + context.port("front"))),
                ChildService.of("front", "front", 18004, context -> List.of("--pages=" + context.port("pages"))));
        Ports ports = Ports.resolve(ChildServices.portSpecs(services),
                java.util.Map.of("RENKEI_PORT_PAGES", "0", "RENKEI_PORT_FRONT", "0"));

        assertThatThrownBy(() -> children.startAll(services, ports, fakes(), new ChildSupervisor.StartListener() { },
                Duration.ofSeconds(10)))
                .isInstanceOf(LaunchException.class)
                .hasMessage("renkei: pages and front need each other's ports; give one of them a port "
                        + "(RENKEI_PORT_PAGES or RENKEI_PORT_FRONT)");
        assertThat(children.children()).isEmpty();
    }

    @Test
    void aStopWhileAChildIsStillBindingItsPortEndsTheStartAtOnce() throws Exception {
        ChildSupervisor children = supervisor();
        List<ChildService> services = List.of(
                ChildService.of("silent-service", "silent", 18005, context -> List.of()),
                ChildService.of("caller-service", "caller", 18006, context -> List.of(
                        "--fake.calls=127.0.0.1:" + context.port("silent-service"))));
        Ports ports = Ports.resolve(ChildServices.portSpecs(services),
                java.util.Map.of("RENKEI_PORT_SILENT_SERVICE", "0", "RENKEI_PORT_CALLER_SERVICE", "0"));
        // alive, but never says which port it bound
        ChildSupervisor.LaunchPlan plan = (service, known) -> service.name().equals("silent-service")
                ? new ChildLaunch(service.name(), List.of("sleep", "600"), root, new StackPaths(root).logFile("silent"), 0)
                : fakes().launch(service, known);
        CompletableFuture<Ports> starting = CompletableFuture.supplyAsync(() -> {
            try {
                return children.startAll(services, ports, plan, new ChildSupervisor.StartListener() { },
                        Duration.ofMinutes(10));
            } catch (LaunchException e) {
                throw new CompletionException(e);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> children.children().size() == 1);

        children.stopStarting();

        assertThatThrownBy(() -> starting.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(LaunchException.class)
                .hasMessageContaining("renkei: stopped before every service was started");
        assertThat(children.children()).extracting(ChildProcess::name).containsExactly("silent-service");
    }

    private static long downAnswers(Path log) throws java.io.IOException {
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(line -> line.contains("answered DOWN")).count()
                : 0;
    }

    static Optional<Long> grandchildPid(Path log) throws java.io.IOException {
        Matcher matcher = Pattern.compile("grandchild pid (\\d+)").matcher(Files.readString(log));
        return matcher.find() ? Optional.of(Long.parseLong(matcher.group(1))) : Optional.empty();
    }
}
