package jp.renkei.inbox.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jp.renkei.inbox.InboxProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The events received, each (partner, webhook-id) once, in the order they came. With a store directory every
 * accepted event is appended to {@code <partnerId>.jsonl} and on the disk before {@link #accept} returns, and is read
 * back at start, so a restart forgets nothing and a redelivery after a restart is still recognised.
 */
@Component
public class Inbox implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);

    private final Path storeDir;
    private final JsonMapper json;
    private final Map<String, PartnerLog> logs = new ConcurrentHashMap<>();
    private final Object arrivals = new Object();
    private long accepted;

    Inbox(InboxProperties properties, JsonMapper json) throws IOException {
        this.storeDir = properties.storeDir();
        this.json = json;
        if (storeDir != null) {
            Files.createDirectories(storeDir);
        }
        int read = 0;
        for (String partnerId : properties.secrets().keySet()) {
            PartnerLog partnerLog = open(partnerId);
            logs.put(partnerId, partnerLog);
            read += partnerLog.events.size();
        }
        if (storeDir != null) {
            log.info("inbox: {} events read back from {}", read, storeDir);
        }
    }

    /**
     * Keeps the event unless this partner already received this webhook id; true when it is new. Returns only once a
     * new event is durable.
     *
     * @throws StoreUnavailableException when it could not be written; nothing of it is kept then
     */
    public boolean accept(ReceivedEvent event) {
        PartnerLog partnerLog = logs.get(event.partnerId());
        if (partnerLog == null) {
            throw new IllegalArgumentException("this inbox does not receive for " + event.partnerId());
        }
        synchronized (partnerLog) {
            if (partnerLog.ids.contains(event.webhookId())) {
                return false;
            }
            if (partnerLog.file != null) {
                try {
                    partnerLog.file.append(json.writeValueAsString(event));
                } catch (IOException e) {
                    throw new StoreUnavailableException("could not store webhook " + event.webhookId() + " in "
                            + partnerLog.file.path(), e);
                }
            }
            partnerLog.ids.add(event.webhookId());
            partnerLog.events.add(event);
        }
        synchronized (arrivals) {
            accepted++;
            arrivals.notifyAll();
        }
        return true;
    }

    /** What the partner received (all partners when null), oldest first. */
    public List<ReceivedEvent> list(String partnerId) {
        List<ReceivedEvent> all = new ArrayList<>();
        for (var entry : logs.entrySet()) {
            if (partnerId == null || partnerId.equals(entry.getKey())) {
                synchronized (entry.getValue()) {
                    all.addAll(entry.getValue().events);
                }
            }
        }
        return all;
    }

    public Set<String> partners() {
        return Set.copyOf(logs.keySet());
    }

    /** The partner's {@code index}th event (from 0), if it has come. */
    public Optional<ReceivedEvent> get(String partnerId, long index) {
        PartnerLog partnerLog = logs.get(partnerId);
        if (partnerLog == null) {
            return Optional.empty();
        }
        synchronized (partnerLog) {
            return index < partnerLog.events.size() ? Optional.of(partnerLog.events.get((int) index)) : Optional.empty();
        }
    }

    /** How many events were accepted since start; with {@link #awaitMoreThan} it lets a worker sleep until one comes. */
    public long acceptedSinceStart() {
        synchronized (arrivals) {
            return accepted;
        }
    }

    /** Waits until more than {@code seen} events were accepted since start, or the timeout passes. */
    public void awaitMoreThan(long seen, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (arrivals) {
            while (accepted <= seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                arrivals.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Where the partner's events are kept, or null when the inbox keeps them in memory only. */
    public Path storeDir() {
        return storeDir;
    }

    private PartnerLog open(String partnerId) throws IOException {
        PartnerLog partnerLog = new PartnerLog(storeDir == null ? null : storeDir.resolve(partnerId + ".jsonl"));
        if (partnerLog.path == null) {
            return partnerLog;
        }
        List<String> lines = new ArrayList<>();
        partnerLog.file = JsonLinesFile.open(partnerLog.path, lines);
        int lineNumber = 0;
        for (String line : lines) {
            lineNumber++;
            ReceivedEvent event;
            try {
                event = json.readValue(line, ReceivedEvent.class);
            } catch (JacksonException e) {
                partnerLog.file.close();
                // a complete line that does not parse was not written by this inbox: refuse to start rather than guess
                throw new IllegalStateException(partnerLog.path + " line " + lineNumber + " is not a received event: "
                        + e.getOriginalMessage());
            }
            if (partnerLog.ids.add(event.webhookId())) {
                partnerLog.events.add(event);
            }
        }
        return partnerLog;
    }

    @Override
    public void destroy() throws IOException {
        for (PartnerLog partnerLog : logs.values()) {
            synchronized (partnerLog) {
                if (partnerLog.file != null) {
                    partnerLog.file.close();
                }
            }
        }
    }

    private static final class PartnerLog {
        final Path path;
        final Set<String> ids = new HashSet<>();
        final List<ReceivedEvent> events = new ArrayList<>();
        JsonLinesFile file;

        PartnerLog(Path path) {
            this.path = path;
        }
    }
}
