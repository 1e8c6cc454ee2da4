package jp.renkei.support.security.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a service's data key comes from: a configured value (base64 of 32 bytes, from a secret store or the
 * environment) or else a key file, created with a fresh random key and owner-only permissions the first time, so a
 * developer's machine needs no set-up and an operator can still hand the key in. The key itself is never logged.
 */
public final class KeyMaterial {

    private static final Logger log = LoggerFactory.getLogger(KeyMaterial.class);

    private KeyMaterial() {
    }

    /**
     * @param setting the name of the configured value, for error messages (never the value)
     */
    public static byte[] load(String configured, Path keyFile, String setting) {
        if (configured != null && !configured.isBlank()) {
            return decode(configured.trim(), setting);
        }
        if (keyFile == null) {
            throw new IllegalStateException("set " + setting + " or its key file");
        }
        try {
            if (Files.exists(keyFile)) {
                return decode(Files.readString(keyFile, StandardCharsets.US_ASCII).trim(), keyFile.toString());
            }
            byte[] key = new byte[AesGcm.KEY_BYTES];
            new SecureRandom().nextBytes(key);
            Path folder = keyFile.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            // written under another name and moved, so a reader never sees half a key
            Path temporary = Files.createTempFile(folder, ".key", ".tmp");
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                log.warn("could not restrict the permissions of {}", keyFile);
            }
            Files.writeString(temporary, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            Files.move(temporary, keyFile, StandardCopyOption.ATOMIC_MOVE);
            log.warn("generated a new key in {} (in production, set {}); keep it with the database backups",
                    keyFile.toAbsolutePath(), setting);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the key file " + keyFile, e);
        }
    }

    /** Previous keys of a ring, each base64 of 32 bytes; {@code setting} names them in errors, never their values. */
    public static java.util.List<byte[]> previous(java.util.List<String> configured, String setting) {
        if (configured == null) {
            return java.util.List.of();
        }
        java.util.List<byte[]> keys = new java.util.ArrayList<>();
        for (int i = 0; i < configured.size(); i++) {
            if (configured.get(i) != null && !configured.get(i).isBlank()) {
                keys.add(decode(configured.get(i).trim(), setting + "[" + i + "]"));
            }
        }
        return java.util.List.copyOf(keys);
    }

    private static byte[] decode(String base64, String from) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalStateException(from + " is not base64");
        }
        if (key.length != AesGcm.KEY_BYTES) {
            throw new IllegalStateException(from + " must be 32 bytes (AES-256), is " + key.length);
        }
        return key;
    }
}
