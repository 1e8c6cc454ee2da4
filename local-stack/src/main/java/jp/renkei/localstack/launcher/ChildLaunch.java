package jp.renkei.localstack.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One child process to start: its command, working directory, the log that receives its stdout and stderr, and the
 * port whose {@code /actuator/health} tells when it is ready: 0 for a child told to bind any free port, whose port the
 * supervisor then reads from its log ({@link ChildProcess#port()}).
 */
public record ChildLaunch(String name, List<String> command, Path workingDirectory, Path logFile, int port) {

    public ChildLaunch {
        Objects.requireNonNull(name, "name");
        command = List.copyOf(command);
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(logFile, "logFile");
    }
}
