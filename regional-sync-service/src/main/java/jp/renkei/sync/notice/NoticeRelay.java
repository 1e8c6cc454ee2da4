package jp.renkei.sync.notice;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.nio.charset.StandardCharsets;
import java.util.List;
import jp.renkei.contracts.events.CloudEvent;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Publishes the notices waiting in the {@code outbox} arrays of deliveries and endpoints to
 * {@code renkei.sync.events}, and removes each only after the broker acknowledged it (the binding is synchronous),
 * so a notice is never lost and never published without its change. A crash between the two publishes it again:
 * consumers de-duplicate on the event id.
 */
@Component
public class NoticeRelay {

    static final String BINDING = "syncEvents-out-0";
    /** Collections whose documents may carry an outbox. */
    private static final List<String> SOURCES = List.of("deliveries", "endpoints");
    private static final Logger log = LoggerFactory.getLogger(NoticeRelay.class);
    private static final String MUNICIPALITY = "abashiri";

    private final MongoTemplate mongo;
    private final StreamBridge streamBridge;

    NoticeRelay(MongoTemplate mongo, StreamBridge streamBridge) {
        this.mongo = mongo;
        this.streamBridge = streamBridge;
    }

    /** The update that puts a notice in a document's outbox, to be combined with the change it reports. */
    public static Update pushTo(Update update, Notice notice) {
        return update.push("outbox", notice);
    }

    @Scheduled(fixedDelayString = "${renkei.sync.notice-relay-interval:1s}")
    public void relay() {
        for (String collection : SOURCES) {
            for (Document holder : mongo.find(query(where("outbox.0").exists(true)).limit(100), Document.class,
                    collection)) {
                for (Notice notice : mongo.getConverter().read(Holder.class, holder).outbox()) {
                    try {
                        publish(notice);
                    } catch (RuntimeException brokerUnavailable) {
                        log.warn("notice {} not published yet: {}", notice.eventId(), brokerUnavailable.getMessage());
                        return;
                    }
                    mongo.updateFirst(query(where("_id").is(holder.get("_id"))),
                            new Update().pull("outbox", new Document("eventId", notice.eventId())), collection);
                }
            }
        }
    }

    private void publish(Notice notice) {
        CloudEvent event = notice.toCloudEvent(MUNICIPALITY);
        var message = MessageBuilder.withPayload(event.data()).copyHeaders(event.kafkaHeaders())
                .setHeader(KafkaHeaders.KEY, notice.key().getBytes(StandardCharsets.UTF_8)).build();
        if (!streamBridge.send(BINDING, message)) {
            throw new IllegalStateException("the binder refused notice " + notice.eventId());
        }
    }

    record Holder(List<Notice> outbox) {
        Holder {
            outbox = outbox == null ? List.of() : outbox;
        }
    }
}
