package jp.renkei.localstack.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.Map;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend with the store's databases opened as {@link ValueOrderedH2Database}s (documents
 * read whole and consistent, index maps ordered by value, indexes used by filters that pin their fields), answering
 * the {@code hello} command as MongoDB 5.0 does.
 *
 * <p>{@code hello}: mongo-java-server knows only its predecessor {@code isMaster}, while the driver's tooling (Spring
 * Boot's MongoDB health indicator among it) asks {@code hello}; the answer is the same, under the newer field name
 * {@code isWritablePrimary}.
 */
final class EmbeddedH2Backend extends H2Backend {

    private static final String HELLO = "hello";
    private static final String IS_MASTER = "isMaster";

    private EmbeddedH2Backend(MVStore store) {
        super(store);
    }

    static EmbeddedH2Backend openInMemory() {
        return new EmbeddedH2Backend(MVStore.open(null));
    }

    /**
     * A store file whose pages are cached up to {@code cacheMegabytes}. H2's default (16 MB) holds a fresh stack's
     * working set, but not a store with a few hours of history: every index lookup and document read then misses the
     * cache, reads its page from disk and Java-deserialises it again, so the cost of one command grows with history
     * (the soak of 2026-12-06: two thirds of the store's CPU in {@code FileStore.readPage} at 2 GB on disk).
     */
    static EmbeddedH2Backend openFile(String fileName, int cacheMegabytes) {
        return new EmbeddedH2Backend(new MVStore.Builder().fileName(fileName).cacheSize(cacheMegabytes).open());
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        // called from H2Backend's constructor for the databases a store file already holds: only the superclass's
        // state (the store, the cursor registry) is used here
        return new ValueOrderedH2Database(databaseName, getMvStore(), getCursorRegistry());
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        if (!HELLO.equalsIgnoreCase(command)) {
            return super.handleCommand(channel, databaseName, command, query);
        }
        Document isMaster = new Document(IS_MASTER, 1);
        for (Map.Entry<String, Object> field : query.entrySet()) {
            if (!HELLO.equalsIgnoreCase(field.getKey())) {
                isMaster.put(field.getKey(), field.getValue());
            }
        }
        Document reply = super.handleCommand(channel, databaseName, IS_MASTER, isMaster);
        reply.put("isWritablePrimary", reply.getOrDefault("ismaster", Boolean.TRUE));
        return reply;
    }
}
