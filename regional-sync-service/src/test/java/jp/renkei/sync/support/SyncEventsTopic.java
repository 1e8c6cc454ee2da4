package jp.renkei.sync.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.events.Topics;
import jp.renkei.localstack.test.TopicReader;

/**
 * {@code renkei.sync.events} read from the beginning as an operator's alerting would: local-stack's
 * {@link TopicReader}, its records as CloudEvents with the record key as partition key.
 */
public final class SyncEventsTopic implements AutoCloseable {

    private final TopicReader reader = new TopicReader(Topics.SYNC_EVENTS);

    /** Polls once; everything read so far. */
    public List<CloudEvent> read() {
        return reader.poll(record -> true).stream().map(SyncEventsTopic::event).toList();
    }

    private static CloudEvent event(TopicReader.Record record) {
        CloudEvent event = CloudEvent.fromKafkaHeaders(record.headers(), record.value().getBytes(StandardCharsets.UTF_8));
        return new CloudEvent(event.id(), event.source(), event.type(), event.subject(), event.time(), event.sequence(),
                record.key(), event.data());
    }

    @Override
    public void close() {
        reader.close();
    }
}
