package jp.renkei.sync.feed;

/** A long poll over one of the caps of {@link FeedLongPolls}; names the setting under {@code renkei.sync.limits}. */
public class LongPollLimitException extends RuntimeException {

    private final String limit;
    private final int max;

    LongPollLimitException(String limit, int max, String message) {
        super(message);
        this.limit = limit;
        this.max = max;
    }

    public String limit() {
        return limit;
    }

    public int max() {
        return max;
    }
}
