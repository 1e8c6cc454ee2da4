package jp.renkei.localstack.mongo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import jp.renkei.localstack.support.QuietLogging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MongoDB-wire-compatible server in this JVM ({@code de.bwaldvogel:mongo-java-server}), on 127.0.0.1.
 *
 * <p>Backed by H2's MVStore: a file ({@link #file(Path, int)}) whose data survives a restart, as the launcher uses
 * it, or memory ({@link #inMemory(int)}), as tests use it; both behave the same (unique indexes, update operators,
 * {@code findAndModify}), which keeps tests and {@code ./renkei up} alike. No transactions, no change streams.
 *
 * <p>The server reports MongoDB 5.0 (wire version 8): the MongoDB Java driver 5.x refuses anything older than
 * wire version 8 ({@code ServerDescription.MIN_DRIVER_WIRE_VERSION}).
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    public static final String HOST = "127.0.0.1";

    /**
     * The page cache of a store file, in MB: the indexes and recent documents of months of history fit, so a lookup
     * stays a cache hit as the store grows; the launcher's heap ({@code ./renkei}: {@code -Xmx1g}) leaves room for it.
     */
    public static final int FILE_CACHE_MEGABYTES = 256;

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoServer.class);

    private final Path file;
    private final int requestedPort;
    private volatile MongoServer server;
    private volatile int port;

    private EmbeddedMongoServer(Path file, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("not a port: " + port);
        }
        this.file = file == null ? null : file.toAbsolutePath().normalize();
        this.requestedPort = port;
    }

    /** A store kept in an H2 MVStore file (created with its parent directories if missing); port 0 picks a free one. */
    public static EmbeddedMongoServer file(Path file, int port) {
        return new EmbeddedMongoServer(Objects.requireNonNull(file, "file"), port);
    }

    /** A store in memory, gone when the server stops; port 0 picks a free one. */
    public static EmbeddedMongoServer inMemory(int port) {
        return new EmbeddedMongoServer(null, port);
    }

    /** Opens the store and binds 127.0.0.1:port. */
    public synchronized EmbeddedMongoServer start() {
        if (server != null) {
            return this;
        }
        QuietLogging.warnOnly(QuietLogging.MONGO);
        long started = System.nanoTime();
        MongoBackend backend = openBackend();
        MongoServer mongoServer = new MongoServer(backend);
        try {
            mongoServer.bind(HOST, requestedPort);
        } catch (RuntimeException e) {
            mongoServer.shutdownNow();
            throw new IllegalStateException("the embedded MongoDB-wire server could not bind " + HOST + ":" + requestedPort
                    + ": " + e.getMessage(), e);
        }
        port = mongoServer.getLocalAddress().getPort();
        server = mongoServer;
        log.info("MongoDB-wire server started on {}:{} ({}) in {} ms", HOST, port, describeStore(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return this;
    }

    private MongoBackend openBackend() {
        H2Backend backend;
        if (file == null) {
            backend = EmbeddedH2Backend.openInMemory();
        } else {
            try {
                Files.createDirectories(file.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException("could not create " + file.getParent(), e);
            }
            try {
                backend = EmbeddedH2Backend.openFile(file.toString(), FILE_CACHE_MEGABYTES);
            } catch (RuntimeException e) {
                throw new IllegalStateException("could not open the store " + file + " (is another renkei using it?): "
                        + e.getMessage(), e);
            }
        }
        backend.version(ServerVersion.MONGO_5_0);
        return backend;
    }

    public int port() {
        return port;
    }

    /** {@code mongodb://127.0.0.1:PORT}. */
    public String connectionString() {
        return "mongodb://" + HOST + ":" + port;
    }

    /** {@code mongodb://127.0.0.1:PORT/DATABASE}, for {@code spring.mongodb.uri}. */
    public String uri(String database) {
        return connectionString() + "/" + Objects.requireNonNull(database, "database");
    }

    /** The H2 file, or empty for an in-memory store. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    public boolean isRunning() {
        return server != null;
    }

    /** Closes client connections, stops listening and closes the store (an H2 file is committed and closed). */
    @Override
    public synchronized void close() {
        MongoServer running = server;
        if (running == null) {
            return;
        }
        try {
            running.shutdownNow();
        } finally {
            server = null;
        }
        log.info("MongoDB-wire server on {}:{} stopped", HOST, port);
    }

    private String describeStore() {
        return file == null ? "in memory" : file.toString();
    }

    @Override
    public String toString() {
        return "EmbeddedMongoServer[" + HOST + ":" + (server == null ? requestedPort : port) + ", " + describeStore() + "]";
    }
}
