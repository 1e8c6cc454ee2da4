package jp.renkei.system.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class LauncherOptionsTest {

    /** The stacks the tests and benchmarks start run the launcher as {@code ./renkei up} does, collector included. */
    @Test
    void processStackStartsTheLauncherWithTheOptionsOfTheScript() throws IOException {
        String script = Files.readString(ProcessStack.projectRoot().resolve("renkei"), StandardCharsets.UTF_8);

        assertThat(script).contains("\nLAUNCHER_JAVA_OPTS=\"" + ProcessStack.LAUNCHER_JAVA_OPTS + "\"\n");
    }
}
