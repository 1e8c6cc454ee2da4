package jp.renkei.sync.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.renkei.sync.event.EventStore;
import jp.renkei.sync.event.StoredEvent;
import jp.renkei.sync.feed.FeedLongPolls;
import jp.renkei.sync.feed.LongPollLimitException;
import jp.renkei.sync.feed.PartnerFeed;
import jp.renkei.sync.partner.PartnerDirectory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pull feed, for partners whose network accepts no inbound calls (LGWAN): {@code GET
 * /partners/{id}/feed?after=<cursor>&limit=&wait=} returns the CloudEvents after the cursor and the cursor to ask
 * with next; with {@code wait} it holds the request up to that many seconds until something arrives.
 *
 * <p>A waiting request holds no servlet thread: it is answered asynchronously when {@link FeedLongPolls}' waker sees
 * the partner's feed move, or when the wait is over. More polls waiting than the limits allow
 * ({@code renkei.sync.limits.long-polls-per-partner}, {@code …-per-instance}) are answered 429 problem+json naming
 * the limit, with {@code Retry-After}, at once.
 */
@RestController
@Validated
class FeedController {

    /** The servlet's own timeout is only a safety net behind the poll's deadline, which answers first. */
    private static final Duration ASYNC_TIMEOUT_MARGIN = Duration.ofSeconds(15);

    private final PartnerFeed feed;
    private final EventStore events;
    private final PartnerDirectory partners;
    private final JsonMapper json;
    private final FeedLongPolls longPolls;

    FeedController(PartnerFeed feed, EventStore events, PartnerDirectory partners, JsonMapper json,
                   FeedLongPolls longPolls) {
        this.feed = feed;
        this.events = events;
        this.partners = partners;
        this.json = json;
        this.longPolls = longPolls;
    }

    @GetMapping(path = "/partners/{partnerId}/feed", produces = MediaType.APPLICATION_JSON_VALUE)
    DeferredResult<FeedPage> read(@PathVariable @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}") String partnerId,
                                  @RequestParam(defaultValue = "0") @Pattern(regexp = "[0-9]{1,18}") String after,
                                  @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit,
                                  @RequestParam(defaultValue = "0") @Min(0) @Max(30) int wait) {
        PartnerLookup.existing(partners, partnerId);
        long cursor = Long.parseLong(after);
        Duration waitFor = Duration.ofSeconds(wait);
        DeferredResult<FeedPage> answer = new DeferredResult<>(waitFor.plus(ASYNC_TIMEOUT_MARGIN).toMillis());
        // read before the page: an event appended in between moves the head past it, which wakes the poll
        long head = wait == 0 ? 0 : feed.head(partnerId);
        List<PartnerFeed.FeedEntry> entries = feed.after(partnerId, cursor, limit);
        if (!entries.isEmpty() || wait == 0) {
            answer.setResult(page(entries, cursor));
            return answer;
        }
        FeedLongPolls.Poll poll;
        try {
            poll = longPolls.await(partnerId, cursor, head, waitFor, lastChance -> {
                List<PartnerFeed.FeedEntry> arrived = feed.after(partnerId, cursor, limit);
                if (arrived.isEmpty() && !lastChance) {
                    return false;
                }
                answer.setResult(page(arrived, cursor));
                return true;
            });
        } catch (LongPollLimitException tooMany) {
            throw new LimitExceededException(HttpStatus.TOO_MANY_REQUESTS, "wait", tooMany.limit(), tooMany.max(),
                    Duration.ofSeconds(1), tooMany.getMessage());
        }
        answer.onCompletion(poll::release);
        answer.onTimeout(() -> answer.setResult(page(List.of(), cursor)));
        return answer;
    }

    private FeedPage page(List<PartnerFeed.FeedEntry> entries, long cursor) {
        // one read by id for the page, not one per entry; the page keeps the feed's order
        Map<String, StoredEvent> kept = new HashMap<>();
        events.findAll(entries.stream().map(PartnerFeed.FeedEntry::eventId).toList())
                .forEach(event -> kept.put(event.id(), event));
        List<JsonNode> cloudEvents = new ArrayList<>();
        for (PartnerFeed.FeedEntry entry : entries) {
            StoredEvent event = kept.get(entry.eventId());
            if (event != null) {
                cloudEvents.add(json.readTree(event.toCloudEvent().toStructuredJson()));
            }
        }
        long next = entries.isEmpty() ? cursor : entries.get(entries.size() - 1).position();
        return new FeedPage(cloudEvents, Long.toString(next));
    }

    /** @param cursor the value of {@code after} for the next request */
    record FeedPage(List<JsonNode> events, String cursor) {
    }
}
