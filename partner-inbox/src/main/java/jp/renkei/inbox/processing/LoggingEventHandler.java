package jp.renkei.inbox.processing;

import jp.renkei.inbox.store.ReceivedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default handler: one log line per event (its type, subject and id, and for progress events a short summary
 * such as 実績値 令和7年度 … = 13; never the body, which may be large).
 */
public class LoggingEventHandler implements ReceivedEventHandler {

    private static final Logger log = LoggerFactory.getLogger(LoggingEventHandler.class);

    @Override
    public void handle(ReceivedEvent event) {
        String summary = EventSummary.of(event.event());
        log.info("{} received {} {} ({}){}", event.partnerId(), event.event().path("type").asString(""),
                event.event().path("subject").asString(""), event.webhookId(), summary.isEmpty() ? "" : ": " + summary);
    }
}
