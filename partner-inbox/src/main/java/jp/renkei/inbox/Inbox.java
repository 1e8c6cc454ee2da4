package jp.renkei.inbox;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The events received, each (partner, webhook-id) once. With a store directory every accepted event is appended
 * to {@code <partnerId>.jsonl} before the request is answered, and read back at start, so a restart forgets
 * nothing and a redelivery after a restart is still recognised.
 */
@Component
public class Inbox {

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);

    private final Path storeDir;
    private final JsonMapper json;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final List<ReceivedEvent> received = new ArrayList<>();

    Inbox(InboxProperties properties, JsonMapper json) throws IOException {
        this.storeDir = properties.storeDir();
        this.json = json;
        if (storeDir != null) {
            Files.createDirectories(storeDir);
            loadStored();
        }
    }

    /** Keeps the event unless this partner already received this webhook id; true when it is new. */
    public synchronized boolean accept(ReceivedEvent event) {
        if (!seen.add(key(event.partnerId(), event.webhookId()))) {
            return false;
        }
        if (storeDir != null) {
            append(event);
        }
        received.add(event);
        return true;
    }

    public synchronized List<ReceivedEvent> list(String partnerId) {
        return received.stream().filter(event -> partnerId == null || partnerId.equals(event.partnerId())).toList();
    }

    private void append(ReceivedEvent event) {
        Path file = storeDir.resolve(event.partnerId() + ".jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            out.write(json.writeValueAsString(event));
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep event " + event.webhookId(), e);
        }
    }

    private void loadStored() throws IOException {
        try (Stream<Path> files = Files.list(storeDir)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        ReceivedEvent event = json.readValue(line, ReceivedEvent.class);
                        seen.add(key(event.partnerId(), event.webhookId()));
                        received.add(event);
                    }
                }
            }
        }
        log.info("inbox: {} events read back from {}", received.size(), storeDir);
    }

    private static String key(String partnerId, String webhookId) {
        return partnerId + "\n" + webhookId;
    }
}
