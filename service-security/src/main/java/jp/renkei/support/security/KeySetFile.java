package jp.renkei.support.security;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.text.ParseException;
import java.util.List;

/**
 * The gateway's public keys from a JWK set file ({@code renkei.security.jwks-uri=file:…}), for a deployment that hands
 * the key set to the services the way it hands them any other secret: the local stack writes it before anything starts,
 * so the services need not know where the gateway listens; an orchestrator may mount it. Like a key set fetched from
 * the gateway, it is read when first needed and again when a token names a key id it does not hold (the key was
 * replaced), and then only if the file has changed since: a known key costs no file access.
 */
final class KeySetFile implements JWKSource<SecurityContext> {

    private final Path file;
    private volatile Loaded loaded = new Loaded(new JWKSet(), null);

    private record Loaded(JWKSet keys, FileTime modified) {
    }

    KeySetFile(Path file) {
        this.file = file;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        List<JWK> matching = selector.select(loaded.keys());
        if (!matching.isEmpty()) {
            return matching;
        }
        return selector.select(reloadIfChanged().keys());
    }

    private synchronized Loaded reloadIfChanged() throws KeySourceException {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (!modified.equals(loaded.modified())) {
                loaded = new Loaded(JWKSet.load(file.toFile()), modified);
            }
            return loaded;
        } catch (IOException | ParseException e) {
            throw new KeySourceException("could not read the gateway's key set from " + file + ": " + e.getMessage(), e);
        }
    }
}
