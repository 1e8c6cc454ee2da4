package jp.renkei.localstack.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/** {@code data/renkei.pid}: the pid of the running launcher. */
final class PidFile {

    private PidFile() {
    }

    static void write(Path file, long pid) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, pid + System.lineSeparator(), StandardCharsets.UTF_8);
    }

    /** The pid in the file, if the file exists and holds a number. */
    static OptionalLong read(Path file) {
        if (!Files.isRegularFile(file)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The pid in the file if that process is alive and looks like a renkei launcher. */
    static OptionalLong runningLauncher(Path file) {
        OptionalLong pid = read(file);
        if (pid.isEmpty() || pid.getAsLong() == ProcessHandle.current().pid()) {
            return OptionalLong.empty();
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid.getAsLong());
        return handle.isPresent() && handle.get().isAlive() && looksLikeLauncher(handle.get()) ? pid : OptionalLong.empty();
    }

    /**
     * Whether the process could be the launcher: its command line mentions the local stack, or cannot be read (then
     * the benefit of the doubt). Guards against a pid that was recycled after the launcher died without cleaning up.
     */
    static boolean looksLikeLauncher(ProcessHandle handle) {
        Optional<String> commandLine = handle.info().commandLine();
        return commandLine.isEmpty() || commandLine.get().contains("local-stack") || commandLine.get().contains("RenkeiLauncher");
    }

    static void deleteIfOwnedBy(Path file, long pid) {
        OptionalLong stored = read(file);
        if (stored.isPresent() && stored.getAsLong() == pid) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // nothing else to do: the next up sees a dead pid and ignores the file
            }
        }
    }
}
