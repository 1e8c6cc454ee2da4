package jp.renkei.plan.progress;

/**
 * The last figure a feed recorded into a measure's progress for one fiscal year: the event that brought it and the
 * feed's own version of it. An event already applied, or older than this one, changes nothing. One per feed and
 * year, so the memory stays as small as the years the measure was fed.
 */
public record FeedPosition(IndicatorFeed feed, int fiscalYear, long feedVersion, String eventId) {
}
