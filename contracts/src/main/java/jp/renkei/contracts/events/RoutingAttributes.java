package jp.renkei.contracts.events;

/**
 * Names of the top-level fields of every event's JSON data that subscriptions select on. A producer puts the ones
 * that apply into its data; a consumer that routes (regional-sync-service) reads only these, so new event types
 * route without any change to it.
 */
public final class RoutingAttributes {

    public static final String MUNICIPALITY_ID = "municipalityId";
    public static final String PLAN_ID = "planId";
    public static final String GOAL_NUMBER = "goalNumber";
    public static final String AREA_ID = "areaId";
    /** One measure id, for events about one measure. */
    public static final String MEASURE_ID = "measureId";
    /** Several measure ids, for events that concern several (a consultation on two measures). */
    public static final String MEASURE_IDS = "measureIds";
    public static final String TAGS = "tags";
    /**
     * Partner ids an event is addressed to (the collaboration events): it reaches exactly these partners, whatever
     * their subscriptions select.
     */
    public static final String ADDRESSED_TO = "addressedTo";

    private RoutingAttributes() {
    }
}
