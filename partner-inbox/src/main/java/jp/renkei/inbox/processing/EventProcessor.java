package jp.renkei.inbox.processing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jp.renkei.inbox.store.Inbox;
import jp.renkei.inbox.store.ReceivedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Hands stored events to the {@link ReceivedEventHandler} on a worker thread of its own, so a webhook is answered as
 * soon as it is durable, however slow the partner's own processing. How far each partner's events have been handled
 * is kept beside its events ({@code <partnerId>.processed}), so a restart continues where it stopped.
 */
@Component
class EventProcessor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventProcessor.class);
    private static final Duration IDLE_WAIT = Duration.ofSeconds(5);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final Inbox inbox;
    private final ReceivedEventHandler handler;
    private final Map<String, Long> handled = new ConcurrentHashMap<>();
    private volatile Thread worker;

    EventProcessor(Inbox inbox, ReceivedEventHandler handler) {
        this.inbox = inbox;
        this.handler = handler;
        for (String partnerId : inbox.partners()) {
            handled.put(partnerId, readCheckpoint(partnerId));
        }
    }

    @Override
    public void start() {
        Thread thread = new Thread(this::work, "inbox-processor");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    @Override
    public void stop() {
        Thread thread = worker;
        worker = null;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

    private void work() {
        Duration backoff = FIRST_BACKOFF;
        try {
            while (worker == Thread.currentThread()) {
                long seen = inbox.acceptedSinceStart();
                boolean progressed = false;
                boolean failed = false;
                for (String partnerId : inbox.partners()) {
                    long next = handled.get(partnerId);
                    Optional<ReceivedEvent> event = inbox.get(partnerId, next);
                    if (event.isEmpty()) {
                        continue;
                    }
                    try {
                        handler.handle(event.get());
                    } catch (InterruptedException e) {
                        throw e;
                    } catch (Exception e) {
                        log.warn("handling webhook {} of {} failed, trying again in {}: {}", event.get().webhookId(),
                                partnerId, backoff, e.toString());
                        failed = true;
                        continue;
                    }
                    handled.put(partnerId, next + 1);
                    writeCheckpoint(partnerId, next + 1);
                    progressed = true;
                }
                if (failed && !progressed) {
                    Thread.sleep(backoff.toMillis());
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                } else if (!progressed) {
                    backoff = FIRST_BACKOFF;
                    inbox.awaitMoreThan(seen, IDLE_WAIT);
                } else {
                    backoff = FIRST_BACKOFF;
                }
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    private long readCheckpoint(String partnerId) {
        Path file = checkpoint(partnerId);
        if (file == null || !Files.exists(file)) {
            return 0;
        }
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
        } catch (IOException | NumberFormatException e) {
            // handing events over again is safe (handlers are idempotent); skipping them would not be
            log.warn("{} unreadable ({}); handing {}'s events over from the start", file, e.toString(), partnerId);
            return 0;
        }
    }

    private void writeCheckpoint(String partnerId, long count) {
        Path file = checkpoint(partnerId);
        if (file == null) {
            return;
        }
        try {
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.writeString(next, Long.toString(count), StandardCharsets.UTF_8);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the event is handled; at worst a restart hands it over once more
            log.warn("could not record progress in {}: {}", file, e.toString());
        }
    }

    private Path checkpoint(String partnerId) {
        return inbox.storeDir() == null ? null : inbox.storeDir().resolve(partnerId + ".processed");
    }
}
