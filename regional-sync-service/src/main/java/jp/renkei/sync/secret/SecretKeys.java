package jp.renkei.sync.secret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the key that encrypts stored secrets comes from: {@code renkei.sync.secret-key} (base64 of 32 bytes, from a
 * secret store or the environment) or else a key file, created with a fresh random key and owner-only permissions
 * the first time. The key itself is never logged.
 */
public final class SecretKeys {

    private static final Logger log = LoggerFactory.getLogger(SecretKeys.class);

    private SecretKeys() {
    }

    public static byte[] load(String configuredKey, Path keyFile) {
        if (configuredKey != null && !configuredKey.isBlank()) {
            return decode(configuredKey.trim(), "renkei.sync.secret-key");
        }
        if (keyFile == null) {
            throw new IllegalStateException("set renkei.sync.secret-key or renkei.sync.secret-key-file");
        }
        try {
            if (Files.exists(keyFile)) {
                return decode(Files.readString(keyFile, StandardCharsets.US_ASCII).trim(), keyFile.toString());
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Path parent = keyFile.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temporary = Files.createTempFile(parent, ".secret-key", ".tmp");
            restrictToOwner(temporary);
            Files.writeString(temporary, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            Files.move(temporary, keyFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            log.info("generated a new key for stored webhook secrets in {}; keep it with the database backups", keyFile);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret key file " + keyFile, e);
        }
    }

    private static byte[] decode(String base64, String from) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalStateException(from + " is not base64", notBase64);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file inherits the folder's ACL
        }
    }
}
