package jp.renkei.localstack.launcher;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A started child JVM, its output appended to its log file. */
public final class ChildProcess {

    /** What Spring Boot's web servers log once bound: "Tomcat started on port 8081 (http)", "Netty started on port …". */
    private static final Pattern BOUND_PORT = Pattern.compile("started on port (\\d+)");

    private final ChildLaunch launch;
    private final Process process;
    private final long startedNanos;
    private final long logOffset;
    /** The port it said it bound, when it was given port 0; 0 until it has said so. */
    private volatile int boundPort;

    private ChildProcess(ChildLaunch launch, Process process, long startedNanos, long logOffset) {
        this.launch = launch;
        this.process = process;
        this.startedNanos = startedNanos;
        this.logOffset = logOffset;
    }

    /** Starts the process with stdout and stderr appended to the log file (after a line that marks this run). */
    static ChildProcess start(ChildLaunch launch) throws IOException {
        Files.createDirectories(launch.logFile().toAbsolutePath().getParent());
        Files.writeString(launch.logFile(), System.lineSeparator() + "=== renkei: starting " + launch.name() + " at "
                        + OffsetDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + ": " + String.join(" ", launch.command())
                        + System.lineSeparator(),
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        long logOffset = Files.size(launch.logFile());
        ProcessBuilder builder = new ProcessBuilder(launch.command())
                .directory(launch.workingDirectory().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(launch.logFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        long started = System.nanoTime();
        return new ChildProcess(launch, builder.start(), started, logOffset);
    }

    /** The children read nothing: their standard input is the null device. */
    private static File nullDevice() {
        return new File(System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows") ? "NUL" : "/dev/null");
    }

    public String name() {
        return launch.name();
    }

    /**
     * The port it serves on: the one it was given, or, given port 0 (any free one, chosen by the child when it binds
     * it), the one it says in this run's log that it bound; 0 until it has said so.
     */
    public int port() {
        if (launch.port() != 0) {
            return launch.port();
        }
        if (boundPort == 0) {
            boundPort = portInLog();
        }
        return boundPort;
    }

    private int portInLog() {
        try (RandomAccessFile raf = new RandomAccessFile(launch.logFile().toFile(), "r")) {
            byte[] bytes = new byte[(int) Math.max(0, Math.min(raf.length() - logOffset, 4 * 1024 * 1024))];
            raf.seek(logOffset);
            raf.readFully(bytes);
            Matcher bound = BOUND_PORT.matcher(new String(bytes, StandardCharsets.UTF_8));
            return bound.find() ? Integer.parseInt(bound.group(1)) : 0;
        } catch (IOException notYetWritten) {
            return 0;
        }
    }

    public Path logFile() {
        return launch.logFile();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** Time since the process was started. */
    public Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** The process and everything it started (descendants are not stopped with their parent). */
    List<ProcessHandle> processTree() {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(process.toHandle());
        try (Stream<ProcessHandle> descendants = process.descendants()) {
            descendants.forEach(tree::add);
        }
        return tree;
    }

    /** The last lines this run of the child wrote to its log, at most {@code count}. */
    public List<String> lastLogLines(int count) {
        return tail(launch.logFile(), logOffset, count);
    }

    /** The last lines of the file after byte {@code from}, at most {@code count}. */
    static List<String> tail(Path file, long from, int count) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int window = (int) Math.max(0, Math.min(length - from, 64 * 1024));
            byte[] bytes = new byte[window];
            raf.seek(length - window);
            raf.readFully(bytes);
            List<String> lines = new ArrayList<>(Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R")));
            if (window < length - from && !lines.isEmpty()) {
                lines.remove(0); // probably cut in the middle
            }
            while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
                lines.remove(lines.size() - 1);
            }
            return List.copyOf(lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return List.of("(could not read " + file + ": " + e.getMessage() + ")");
        }
    }

    @Override
    public String toString() {
        return launch.name() + " (pid " + pid() + ")";
    }
}
