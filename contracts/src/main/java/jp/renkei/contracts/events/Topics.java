package jp.renkei.contracts.events;

/** Kafka topics of the event contract. Records are keyed by the aggregate id, so one aggregate stays in order. */
public final class Topics {

    public static final String PLAN_EVENTS = "renkei.plan.events";
    public static final String CONSULTATION_EVENTS = "renkei.consultation.events";
    /** regional-sync-service's notices about deliveries and endpoints, keyed by endpoint id. */
    public static final String SYNC_EVENTS = "renkei.sync.events";
    /**
     * Partners' responses, the city's answers and its requests for views, published by regional-sync-service and
     * fanned out by it to the partners each is addressed to; keyed by {@code planId/measureId}.
     */
    public static final String COLLABORATION_EVENTS = "renkei.collaboration.events";

    private Topics() {
    }
}
