package jp.renkei.localstack.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Files with secrets in them: readable by their owner only (600, in a 700 directory), from the first byte on. */
public final class OwnerOnlyFiles {

    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private OwnerOnlyFiles() {
    }

    /** What {@link #ensure} did. */
    public enum Outcome { CREATED, UPDATED, REUSED }

    /** Writes {@code content} unless the file already holds exactly that; either way leaves it 600. */
    static Outcome ensure(Path file, String content) throws IOException {
        if (!Files.isRegularFile(file)) {
            write(file, content);
            return Outcome.CREATED;
        }
        if (!content.equals(Files.readString(file, StandardCharsets.UTF_8))) {
            write(file, content);
            return Outcome.UPDATED;
        }
        restrict(file, OWNER_READ_WRITE);
        return Outcome.REUSED;
    }

    static void write(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        restrict(dir, OWNER_ONLY_DIR);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        // created 600 from the start, then moved into place: the secrets are never readable by others, not even briefly
        Path temp = posix
                ? Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                        PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE))
                : Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        restrict(file, OWNER_READ_WRITE);
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }
}
