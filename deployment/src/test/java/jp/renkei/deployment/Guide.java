package jp.renkei.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** The operators' Markdown (the README, docs/operations.md): its sections, their sh blocks, and running those. */
final class Guide {

    private static final Pattern SH_BLOCK = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL);

    private Guide() {
    }

    /** From the heading line (e.g. {@code ## Restoring}) to the next heading of level two, or the end. */
    static String section(String markdown, String heading) {
        int start = markdown.indexOf(heading + "\n");
        assertThat(start).as("the section " + heading).isNotNegative();
        int end = markdown.indexOf("\n## ", start + heading.length());
        return markdown.substring(start, end < 0 ? markdown.length() : end);
    }

    static List<String> shBlocks(String text) {
        return SH_BLOCK.matcher(text).results().map(match -> match.group(1)).toList();
    }

    /** Runs a block with {@code sh -e} in {@code directory}; what it printed. Fails the test when the block fails. */
    static String run(String block, Path directory) throws IOException, InterruptedException {
        Path output = Files.createTempFile("guide-block", ".out");
        try {
            Process process = new ProcessBuilder("sh", "-e", "-c", block).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the block ended:\n" + block).isTrue();
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(block + "\nprinted:\n" + printed).isZero();
            return printed;
        } finally {
            Files.delete(output);
        }
    }
}
