package jp.renkei.localstack.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * {@code ./renkei down}: asks the launcher named in {@code data/renkei.pid} to stop (SIGTERM, so its shutdown hook stops
 * the services, Kafka and MongoDB) and waits until it and everything it started are gone; so too the launchers that run
 * only Kafka or only the store ({@link StackPart}) from the same directory.
 */
public final class DownCommand {

    private final StackPaths paths;
    private final Console console;
    private final Duration timeout;

    public DownCommand(StackPaths paths, Console console, Duration timeout) {
        this.paths = paths;
        this.console = console;
        this.timeout = timeout;
    }

    /** @return the exit code: 0 when nothing runs any more, 1 when something outlived the timeout */
    public int run() {
        List<Path> pidFiles = Arrays.stream(StackPart.values()).map(part -> part.pidFile(paths))
                .filter(Files::exists).toList();
        if (pidFiles.isEmpty()) {
            console.info("renkei: not running");
            return 0;
        }
        int exitCode = 0;
        for (Path pidFile : pidFiles) {
            exitCode = Math.max(exitCode, stop(pidFile));
        }
        return exitCode;
    }

    private int stop(Path pidFile) {
        OptionalLong pid = PidFile.read(pidFile);
        if (pid.isEmpty()) {
            deletePidFile(pidFile);
            console.info("renkei: not running (removed an unreadable " + paths.display(pidFile) + ")");
            return 0;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid.getAsLong());
        if (handle.isEmpty() || !handle.get().isAlive() || !PidFile.looksLikeLauncher(handle.get())) {
            deletePidFile(pidFile);
            console.info("renkei: not running (removed the stale " + paths.display(pidFile) + " of pid " + pid.getAsLong() + ")");
            return 0;
        }
        ProcessHandle launcher = handle.get();
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(launcher);
        // taken before the launcher stops: once it is gone its children are nobody's descendants any more
        try (Stream<ProcessHandle> descendants = launcher.descendants()) {
            descendants.forEach(tree::add);
        }
        console.info("renkei: stopping pid " + launcher.pid() + " and its " + (tree.size() - 1) + " child processes");
        long started = System.nanoTime();
        launcher.destroy();
        CompletableFuture<?>[] exits = tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            List<String> alive = tree.stream().filter(ProcessHandle::isAlive).map(h -> String.valueOf(h.pid())).toList();
            console.error("renkei: still running after " + timeout.toSeconds() + " s: pid " + String.join(", ", alive));
            return 1;
        } catch (ExecutionException e) {
            // onExit does not fail; fall through to the check below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            console.error("renkei: interrupted while waiting for pid " + launcher.pid());
            return 1;
        }
        if (tree.stream().anyMatch(ProcessHandle::isAlive)) {
            console.error("renkei: some processes are still running");
            return 1;
        }
        console.info(String.format(Locale.ROOT, "renkei: stopped (%.1f s)", (System.nanoTime() - started) / 1e9));
        return 0;
    }

    private void deletePidFile(Path pidFile) {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            console.error("renkei: could not remove " + paths.display(pidFile) + ": " + e.getMessage());
        }
    }
}
