package jp.renkei.localstack.mongo;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.Map;
import org.h2.mvstore.MVStore;

/**
 * The H2 backend, answering the {@code hello} command as MongoDB 5.0 does. mongo-java-server knows only its
 * predecessor {@code isMaster}, while the driver's tooling (Spring Boot's MongoDB health indicator among it) asks
 * {@code hello}; the answer is the same, under the newer field name {@code isWritablePrimary}.
 */
final class HelloAwareH2Backend extends H2Backend {

    private static final String HELLO = "hello";
    private static final String IS_MASTER = "isMaster";

    private HelloAwareH2Backend(MVStore store) {
        super(store);
    }

    static HelloAwareH2Backend openInMemory() {
        return new HelloAwareH2Backend(MVStore.open(null));
    }

    static HelloAwareH2Backend openFile(String fileName) {
        return new HelloAwareH2Backend(MVStore.open(fileName));
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
