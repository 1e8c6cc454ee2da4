package jp.renkei.sync.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jp.renkei.sync.event.EventStore;
import jp.renkei.sync.feed.PartnerFeed;
import jp.renkei.sync.partner.PartnerDirectory;
import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pull feed, for partners whose network accepts no inbound calls (LGWAN): {@code GET
 * /partners/{id}/feed?after=<cursor>&limit=&wait=} returns the CloudEvents after the cursor and the cursor to ask
 * with next; with {@code wait} it holds the request up to that many seconds until something arrives.
 */
@RestController
@Validated
class FeedController {

    private static final Duration POLL = Duration.ofMillis(200);

    private final PartnerFeed feed;
    private final EventStore events;
    private final PartnerDirectory partners;
    private final JsonMapper json;

    FeedController(PartnerFeed feed, EventStore events, PartnerDirectory partners, JsonMapper json) {
        this.feed = feed;
        this.events = events;
        this.partners = partners;
        this.json = json;
    }

    @GetMapping(path = "/partners/{partnerId}/feed", produces = MediaType.APPLICATION_JSON_VALUE)
    FeedPage read(@PathVariable @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}") String partnerId,
                  @RequestParam(defaultValue = "0") @Pattern(regexp = "[0-9]{1,18}") String after,
                  @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit,
                  @RequestParam(defaultValue = "0") @Min(0) @Max(30) int wait) throws InterruptedException {
        PartnerLookup.existing(partners, partnerId);
        long cursor = Long.parseLong(after);
        long deadline = System.nanoTime() + Duration.ofSeconds(wait).toNanos();
        List<PartnerFeed.FeedEntry> entries = feed.after(partnerId, cursor, limit);
        while (entries.isEmpty() && System.nanoTime() < deadline) {
            // a long poll: cheap reads of one index until something arrives or the wait is over
            Thread.sleep(POLL.toMillis());
            entries = feed.after(partnerId, cursor, limit);
        }
        List<JsonNode> cloudEvents = new ArrayList<>();
        for (PartnerFeed.FeedEntry entry : entries) {
            events.find(entry.eventId()).ifPresent(event -> cloudEvents.add(json.readTree(event.toCloudEvent()
                    .toStructuredJson())));
        }
        long next = entries.isEmpty() ? cursor : entries.get(entries.size() - 1).position();
        return new FeedPage(cloudEvents, Long.toString(next));
    }

    /** @param cursor the value of {@code after} for the next request */
    record FeedPage(List<JsonNode> events, String cursor) {
    }
}
