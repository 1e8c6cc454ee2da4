package jp.renkei.localstack;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jp.renkei.localstack.launcher.Console;
import jp.renkei.localstack.launcher.DownCommand;
import jp.renkei.localstack.launcher.LaunchException;
import jp.renkei.localstack.launcher.LocalStack;
import jp.renkei.localstack.launcher.StackPart;
import jp.renkei.localstack.launcher.StackPaths;

/**
 * {@code ./renkei up [--fresh] [--only kafka|store]} and {@code ./renkei down}: the embedded local stack (Kafka and
 * MongoDB in this JVM, the services as child JVMs), or one of Kafka and the store alone. Run from the project root, or with {@code -Drenkei.home=<project root>}.
 */
public final class RenkeiLauncher {

    /** The launcher's logging: everything to data/logs/local-stack.log, nothing to the console (that is the summary's). */
    static final String LOGBACK_CONFIGURATION = "jp/renkei/localstack/launcher-logback.xml";

    private static final String USAGE = String.join(System.lineSeparator(),
            "usage: renkei up [--fresh] [--only kafka|store]",
            "                              start Kafka, MongoDB and the services; Ctrl-C stops everything",
            "                              --fresh: delete data/ first (Kafka topics, the store, secrets, logs)",
            "                              --only kafka, --only store: run only the Kafka broker or only the store, in",
            "                              a process of its own (its own pid file and log; --fresh empties only its data),",
            "                              for services run elsewhere or to stop one without the other",
            "       renkei down           stop every running renkei of this directory (from another shell)",
            "       renkei help           this text");

    private RenkeiLauncher() {
    }

    public static void main(String[] args) {
        Console console = Console.system();
        int exitCode = run(args, System.getenv(), console);
        System.exit(exitCode);
    }

    /** Runs a command to its end (for {@code up}: until the stack is stopped) and returns the exit code. */
    static int run(String[] args, Map<String, String> env, Console console) {
        List<String> arguments = Arrays.asList(args);
        String command = arguments.isEmpty() ? "help" : arguments.get(0);
        List<String> options = arguments.isEmpty() ? List.of() : arguments.subList(1, arguments.size());
        StackPaths paths = StackPaths.resolve();
        switch (command) {
            case "up":
                return up(paths, options, env, console);
            case "down":
                if (!options.isEmpty()) {
                    return usage(console, "renkei: down takes no options");
                }
                return new DownCommand(paths, console, Duration.ofSeconds(60)).run();
            case "help":
            case "--help":
            case "-h":
                console.info(USAGE);
                return 0;
            default:
                return usage(console, "renkei: unknown command " + command);
        }
    }

    private static int up(StackPaths paths, List<String> options, Map<String, String> env, Console console) {
        boolean fresh = false;
        StackPart part = StackPart.ALL;
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            if (option.equals("--fresh")) {
                fresh = true;
            } else if (option.equals("--only") || option.startsWith("--only=")) {
                String name = option.equals("--only") ? (i + 1 < options.size() ? options.get(++i) : "")
                        : option.substring("--only=".length());
                var only = StackPart.ofOption(name);
                if (only.isEmpty()) {
                    return usage(console, "renkei: --only takes kafka or store, not '" + name + "'");
                }
                part = only.get();
            } else {
                return usage(console, "renkei: unknown option " + option + " for up");
            }
        }
        // configured here, applied when the first logger is created: after --fresh has emptied data/
        System.setProperty("renkei.logs", paths.logs().toString());
        System.setProperty("renkei.log-name", part.logName());
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIGURATION);
        }
        LocalStack stack;
        try {
            stack = new LocalStack(LocalStack.Settings.fromEnvironment(paths, env, fresh, launchInstant(), part), console);
        } catch (LaunchException e) {
            console.error(e.getMessage());
            return 1;
        }
        // Ctrl-C (SIGINT) and ./renkei down (SIGTERM) both end in this hook
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "renkei-stop"));
        try {
            stack.start();
        } catch (LaunchException e) {
            console.error(e.getMessage());
            stack.stop();
            return 1;
        } catch (RuntimeException e) {
            console.error("renkei: " + e);
            stack.stop();
            return 1;
        }
        try {
            stack.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stack.stop();
        }
        return 0;
    }

    private static int usage(Console console, String problem) {
        console.error(problem);
        console.error(USAGE);
        return 2;
    }

    private static Instant launchInstant() {
        return ProcessHandle.current().info().startInstant().orElseGet(Instant::now);
    }
}
