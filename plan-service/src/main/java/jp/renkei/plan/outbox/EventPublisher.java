package jp.renkei.plan.outbox;

/** Publishes one event and returns only once the broker has acknowledged it. */
public interface EventPublisher {

    void publish(OutboxEvent event);
}
