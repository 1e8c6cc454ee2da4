package jp.renkei.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository these checks read: the parent of this module when Maven runs them, else the working directory. */
final class Repository {

    static final Path ROOT = locate();

    private Repository() {
    }

    static String read(String relativePath) {
        try {
            return Files.readString(ROOT.resolve(relativePath), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path locate() {
        Path here = Path.of("").toAbsolutePath();
        Path root = Files.isRegularFile(here.resolve("docker-compose.yml")) ? here : here.getParent();
        if (root == null || !Files.isRegularFile(root.resolve("docker-compose.yml"))) {
            throw new IllegalStateException("no docker-compose.yml in " + here + " or its parent");
        }
        return root;
    }
}
