package jp.renkei.messaging;

import java.util.List;
import jp.renkei.messaging.outbox.MongoDocumentOutbox;
import jp.renkei.messaging.outbox.Outbox;
import jp.renkei.messaging.outbox.OutboxesByKey;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A service as small as can use the module: documents of {@value #NOTES} (a collection as small as a plan, scanned)
 * and of {@value #LETTERS} (one that grows with history, marked) carry their pending events; see application.yml.
 */
@SpringBootApplication
@EnableScheduling
public class MessagingTestApplication {

    public static final String NOTES = "notes";
    public static final String LETTERS = "letters";
    public static final String TOPIC = "renkei.messaging.test.events";

    @Bean
    MongoDocumentOutbox letters(MongoTemplate mongo) {
        return MongoDocumentOutbox.marked(mongo, LETTERS);
    }

    @Bean
    Outbox outbox(MongoTemplate mongo, MongoDocumentOutbox letters) {
        return new OutboxesByKey(List.of(new OutboxesByKey.Part(key -> key.startsWith("letter-"), letters),
                new OutboxesByKey.Part(key -> true, MongoDocumentOutbox.scanned(mongo, NOTES))));
    }
}
