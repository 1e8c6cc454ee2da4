package jp.renkei.localstack.launcher;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A {@link Console} whose output the test reads. */
final class CapturedConsole {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    String out() {
        synchronized (console) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    String err() {
        synchronized (console) {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    String all() {
        return out() + err();
    }
}
