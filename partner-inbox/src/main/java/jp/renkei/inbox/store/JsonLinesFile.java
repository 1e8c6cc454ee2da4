package jp.renkei.inbox.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only file of one record per line. {@link #append} returns only once the line is on the disk (fsync), so
 * whatever a caller acknowledged after it survives a power cut. A crash can only cut the last line short (each line
 * is one write ending in a newline); opening the file drops such a tail, so the next record starts on a line of its
 * own.
 */
final class JsonLinesFile implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(JsonLinesFile.class);

    private final Path path;
    private final FileChannel channel;

    private JsonLinesFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** Opens (or creates) the file, dropping an incomplete last line; {@code lines} receives the complete ones. */
    static JsonLinesFile open(Path path, List<String> lines) throws IOException {
        return open(path, lines, FileChannel::open);
    }

    /** How a file's channel is opened: {@link FileChannel#open}, or one that also reports what reached the disk. */
    @FunctionalInterface
    interface ChannelOpener {
        FileChannel open(Path path, OpenOption... options) throws IOException;
    }

    static JsonLinesFile open(Path path, List<String> lines, ChannelOpener opener) throws IOException {
        boolean created = !Files.exists(path);
        FileChannel channel = opener.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            byte[] content = Files.readAllBytes(path);
            int end = content.length;
            while (end > 0 && content[end - 1] != '\n') {
                end--;
            }
            if (end < content.length) {
                log.warn("{}: dropped {} bytes of an incomplete last line (a write cut short by a crash; the sender "
                        + "was not answered 2xx for it and will send it again)", path, content.length - end);
                channel.truncate(end);
                channel.force(true);
            }
            String text = new String(content, 0, end, StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
            channel.position(end);
            if (created) {
                forceDirectory(path.toAbsolutePath().getParent(), opener);
            }
            return new JsonLinesFile(path, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Appends one line and waits until it is on the disk. */
    synchronized void append(String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        long start = channel.position();
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        } catch (IOException e) {
            // leave no partial line behind for the next append to continue
            try {
                channel.truncate(start);
                channel.position(start);
            } catch (IOException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
    }

    Path path() {
        return path;
    }

    /** Makes a new file's directory entry durable too; not every platform can open a directory, and then it is moot. */
    private static void forceDirectory(Path directory, ChannelOpener opener) {
        try (FileChannel dir = opener.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            log.debug("cannot fsync directory {}: {}", directory, notSupported.toString());
        }
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
