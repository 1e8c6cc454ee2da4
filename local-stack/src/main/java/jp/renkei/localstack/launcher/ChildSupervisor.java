package jp.renkei.localstack.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the child JVMs, waits until each is healthy, reports one that dies, and stops them all (with whatever they
 * started themselves).
 */
public final class ChildSupervisor {

    /** How many lines of a failed child's log the console shows. */
    static final int REPORT_LINES = 20;


    private final Console console;
    private final Function<Path, String> display;
    private final HealthProbe probe;
    private final Duration pollInterval;
    private final List<ChildProcess> children = new CopyOnWriteArrayList<>();
    private volatile boolean stopping;
    private volatile boolean allHealthy;

    public ChildSupervisor(Console console, Function<Path, String> display, HealthProbe probe, Duration pollInterval) {
        this.console = console;
        this.display = display;
        this.probe = probe;
        this.pollInterval = pollInterval;
    }

    public List<ChildProcess> children() {
        return List.copyOf(children);
    }

    /** A child's launch for the ports known so far. */
    @FunctionalInterface
    public interface LaunchPlan {

        /**
         * @throws LaunchContext.PortNotYetKnown if its arguments name a part that has not bound its port yet
         */
        ChildLaunch launch(ChildService service, Ports known);
    }

    /** Hears of each child as it starts and, when it was started on port 0, of the port it bound. */
    public interface StartListener {

        default void started(ChildProcess child) {
        }

        /** Called before anything that needs the port starts. */
        default void bound(String name, int port) throws LaunchException {
        }
    }

    /**
     * Starts the services in their order, each as soon as the ports its arguments name are known ({@link
     * LaunchContext#port}); one started on port 0 binds a free port itself, and what needs its port waits until its log
     * says which. Nobody picks a port for a child and releases it before the child binds it.
     *
     * @return the ports, with those that the children started on port 0 have bound so far
     * @throws LaunchException if a child exits or binds nothing within {@code timeout}, or if the services that are left
     *                         need each other's ports (then one of them needs a port of its own)
     */
    public Ports startAll(List<ChildService> services, Ports ports, LaunchPlan plan, StartListener listener,
                          Duration timeout) throws LaunchException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ChildService> waiting = new ArrayList<>(services);
        Map<String, ChildProcess> binding = new LinkedHashMap<>();
        Ports known = ports;
        while (!waiting.isEmpty()) {
            boolean startedAny = false;
            for (Iterator<ChildService> it = waiting.iterator(); it.hasNext(); ) {
                ChildService service = it.next();
                ChildLaunch launch;
                try {
                    launch = plan.launch(service, known);
                } catch (LaunchContext.PortNotYetKnown notYet) {
                    continue;
                }
                ChildProcess child = start(launch);
                listener.started(child);
                if (!known.isKnown(service.name())) {
                    binding.put(service.name(), child);
                }
                it.remove();
                startedAny = true;
            }
            if (!waiting.isEmpty() && !startedAny) {
                if (binding.isEmpty()) {
                    throw new LaunchException("renkei: " + waiting.stream().map(ChildService::name)
                            .collect(Collectors.joining(" and ")) + " need each other's ports; give one of them a port ("
                            + waiting.stream().map(ChildService::portEnvVar).collect(Collectors.joining(" or ")) + ")");
                }
                known = awaitNextBound(binding, known, listener, deadline, timeout);
            }
        }
        return known;
    }

    /**
     * The ports with those that the children started on port 0 have bound since, each told to the listener: for after
     * {@link #awaitHealthy}, when every child has said its port.
     */
    public Ports recordBound(Ports ports, StartListener listener) throws LaunchException {
        Ports known = ports;
        for (ChildProcess child : children) {
            if (!known.isKnown(child.name()) && child.port() != 0) {
                known = known.bound(child.name(), child.port());
                listener.bound(child.name(), child.port());
            }
        }
        return known;
    }

    private Ports awaitNextBound(Map<String, ChildProcess> binding, Ports known, StartListener listener, long deadline,
                                 Duration timeout) throws LaunchException {
        while (true) {
            if (stopping) {
                throw new LaunchException("renkei: stopped before every service was started");
            }
            Ports now = known;
            for (Iterator<Map.Entry<String, ChildProcess>> it = binding.entrySet().iterator(); it.hasNext(); ) {
                ChildProcess child = it.next().getValue();
                if (!child.isAlive()) {
                    throw new LaunchException(report(child, "exited with code " + child.exitCode().orElse(-1)
                            + " before it bound a port"));
                }
                if (child.port() != 0) {
                    now = now.bound(child.name(), child.port());
                    listener.bound(child.name(), child.port());
                    it.remove();
                }
            }
            if (now != known) {
                return now;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new LaunchException(report(binding.values().iterator().next(), "bound no port within "
                        + timeout.toSeconds() + " s"));
            }
            pause();
        }
    }

    /** Starts one child; its exit after all were healthy is reported on the console. */
    public ChildProcess start(ChildLaunch launch) throws LaunchException {
        if (stopping) {
            throw new LaunchException("renkei: stopping; " + launch.name() + " not started");
        }
        ChildProcess child;
        try {
            child = ChildProcess.start(launch);
        } catch (IOException e) {
            throw new LaunchException("renkei: could not start " + launch.name() + ": " + e.getMessage(), e);
        }
        children.add(child);
        log().info("Started {} (pid {}): {}", launch.name(), child.pid(), String.join(" ", launch.command()));
        child.handle().onExit().thenAccept(handle -> {
            if (!stopping && allHealthy) {
                console.error("[" + child.name() + "] exited with code " + child.exitCode().orElse(-1) + "; see "
                        + display.apply(child.logFile()));
            }
        });
        return child;
    }

    /**
     * Polls every child's {@code /actuator/health} until all are up, printing {@code [name] healthy in 23.4 s} as each
     * gets there. A child started on port 0 is asked once its log says which port it bound.
     *
     * @throws LaunchException if a child exits first or the timeout passes, with the last lines of its log
     */
    public void awaitHealthy(Duration timeout) throws LaunchException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ChildProcess> pending = new ArrayList<>(children);
        while (!pending.isEmpty()) {
            if (stopping) {
                throw new LaunchException("renkei: stopped before every service was healthy");
            }
            for (Iterator<ChildProcess> it = pending.iterator(); it.hasNext(); ) {
                ChildProcess child = it.next();
                if (!child.isAlive()) {
                    if (stopping) {
                        throw new LaunchException("renkei: stopped before every service was healthy");
                    }
                    throw new LaunchException(report(child, "exited with code " + child.exitCode().orElse(-1)
                            + " before it was healthy"));
                }
                int port = child.port();
                if (port != 0 && probe.isUp(port)) {
                    console.line(child.name(), String.format(Locale.ROOT, "healthy in %.1f s", child.uptime().toMillis() / 1000.0));
                    it.remove();
                }
            }
            if (pending.isEmpty()) {
                break;
            }
            if (System.nanoTime() - deadline > 0) {
                ChildProcess first = pending.get(0);
                String others = pending.size() > 1
                        ? " (not healthy either: " + pending.subList(1, pending.size()).stream().map(ChildProcess::name)
                                .collect(Collectors.joining(", ")) + ")"
                        : "";
                throw new LaunchException(report(first, "not healthy after " + timeout.toSeconds() + " s" + others));
            }
            pause();
        }
        allHealthy = true;
    }

    private String report(ChildProcess child, String what) {
        StringBuilder text = new StringBuilder("[").append(child.name()).append("] ").append(what)
                .append("; last ").append(REPORT_LINES).append(" lines of ").append(display.apply(child.logFile())).append(':');
        List<String> lines = child.lastLogLines(REPORT_LINES);
        if (lines.isEmpty()) {
            text.append(System.lineSeparator()).append("    (the log is empty)");
        }
        lines.forEach(line -> text.append(System.lineSeparator()).append("    ").append(line));
        return text.toString();
    }

    private void pause() throws LaunchException {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("renkei: interrupted while waiting for the services", e);
        }
    }

    /**
     * Starts no more children and ends a wait in {@link #startAll} or {@link #awaitHealthy} at its next poll, so that a
     * stop asked for while children are starting need not wait for them; {@link #stopAll} then stops what runs.
     */
    public void stopStarting() {
        stopping = true;
    }

    /**
     * Asks every child and its descendants to stop (SIGTERM), waits up to {@code grace} for them, then kills what is
     * left. Safe to call more than once.
     */
    public void stopAll(Duration grace) {
        stopping = true;
        List<ProcessHandle> tree = new ArrayList<>();
        for (ChildProcess child : children) {
            child.processTree().stream().filter(ProcessHandle::isAlive).forEach(tree::add);
        }
        if (tree.isEmpty()) {
            return;
        }
        tree.forEach(ProcessHandle::destroy);
        if (!awaitExit(tree, grace)) {
            List<ProcessHandle> remaining = new ArrayList<>();
            for (ChildProcess child : children) {
                child.processTree().stream().filter(ProcessHandle::isAlive).forEach(remaining::add);
            }
            tree.stream().filter(ProcessHandle::isAlive).filter(h -> !remaining.contains(h)).forEach(remaining::add);
            for (ChildProcess child : children) {
                if (child.isAlive()) {
                    console.line(child.name(), "did not stop within " + grace.toSeconds() + " s; killing it");
                }
            }
            remaining.forEach(ProcessHandle::destroyForcibly);
            awaitExit(remaining, Duration.ofSeconds(10));
        }
        for (ChildProcess child : children) {
            log().info("{} stopped: {}", child, child.exitCode().isPresent() ? "exit " + child.exitCode().getAsInt() : "still alive");
        }
    }

    /** Looked up on use: the launcher must not start logging (and open its log file) before --fresh emptied data/. */
    private static Logger log() {
        return LoggerFactory.getLogger(ChildSupervisor.class);
    }

    private static boolean awaitExit(List<ProcessHandle> handles, Duration timeout) {
        CompletableFuture<?>[] exits = handles.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return handles.stream().noneMatch(ProcessHandle::isAlive);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
