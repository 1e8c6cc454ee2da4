package jp.renkei.localstack.launcher;

import java.io.PrintStream;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's console summary: short, prefixed lines for the person who ran {@code ./renkei up}.
 *
 * <p>This is the one place in Renkei that prints to the console instead of logging, on purpose: the summary is the
 * launcher's user interface (what started, which URL to open, why it stopped), not diagnostics, and it must reach the
 * terminal whatever the logging configuration says. Diagnostics go through SLF4J to {@code data/logs/local-stack.log};
 * once {@link #mirrorToLog()} is called, every console line is also written there so the log tells the whole story.
 */
public final class Console {

    private final PrintStream out;
    private final PrintStream err;
    private volatile Logger mirror;

    public Console(PrintStream out, PrintStream err) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
    }

    /** The terminal of this JVM. */
    public static Console system() {
        return new Console(System.out, System.err);
    }

    /**
     * Also writes every following line to the log. Not done from the start so that the launcher does not open its
     * log file (and start the logging system) before {@code --fresh} has emptied {@code data/}.
     */
    public void mirrorToLog() {
        mirror = LoggerFactory.getLogger("jp.renkei.localstack.console");
    }

    /** {@code [prefix] message}. */
    public void line(String prefix, String message) {
        info("[" + prefix + "] " + message);
    }

    public void info(String text) {
        synchronized (this) {
            out.println(text);
            out.flush();
        }
        Logger logger = mirror;
        if (logger != null) {
            logger.info(text);
        }
    }

    public void error(String text) {
        synchronized (this) {
            err.println(text);
            err.flush();
        }
        Logger logger = mirror;
        if (logger != null) {
            logger.error(text);
        }
    }
}
