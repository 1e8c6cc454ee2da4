package jp.renkei.inbox.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What reaches the disk, seen through the file's own channel: the real one, wrapped so that each write, truncation and
 * fsync is noted in order. Acknowledging a webhook after {@link JsonLinesFile#append} is only safe if its line was
 * forced to the disk before append returned.
 */
class JsonLinesFileTest {

    private final Map<Path, RecordingChannel> opened = new ConcurrentHashMap<>();

    @Test
    void appendReturnsOnlyOnceItsWholeLineIsForcedToTheDisk(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("ozora.jsonl");
        try (JsonLinesFile file = JsonLinesFile.open(path, new ArrayList<>(), this::openRecording)) {
            RecordingChannel channel = opened.get(path);
            channel.events.clear();

            file.append("{\"id\":\"evt-1\",\"data\":\"網走市と大空町の定住自立圏\"}");

            assertThat(channel.events).last().isEqualTo("force");
            assertThat(channel.sizeWhenLastForced).as("bytes on the disk when append returned")
                    .isEqualTo(Files.size(path));
        }
        assertThat(Files.readString(path, StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"evt-1\",\"data\":\"網走市と大空町の定住自立圏\"}\n");
    }

    @Test
    void aNewFilesDirectoryEntryIsForcedToo(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("council.jsonl");
        try (JsonLinesFile file = JsonLinesFile.open(path, new ArrayList<>(), this::openRecording)) {
            assertThat(opened.get(dir.toAbsolutePath()).events).contains("force");
        }
    }

    @Test
    void aLineCutShortByACrashIsDroppedAndTheCutIsForcedBeforeAnythingIsAppended(@TempDir Path dir)
            throws IOException {
        Path path = dir.resolve("ozora.jsonl");
        Files.writeString(path, "{\"id\":\"evt-1\"}\n{\"id\":\"ev", StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        try (JsonLinesFile file = JsonLinesFile.open(path, lines, this::openRecording)) {
            assertThat(lines).containsExactly("{\"id\":\"evt-1\"}");
            assertThat(opened.get(path).events).containsSubsequence("truncate", "force");
            file.append("{\"id\":\"evt-2\"}");
        }
        assertThat(Files.readString(path)).isEqualTo("{\"id\":\"evt-1\"}\n{\"id\":\"evt-2\"}\n");
    }

    private FileChannel openRecording(Path path, OpenOption... options) throws IOException {
        RecordingChannel channel = new RecordingChannel(FileChannel.open(path, options));
        opened.put(path.toAbsolutePath(), channel);
        opened.put(path, channel);
        return channel;
    }

    /** The real channel, with each write, truncation and force noted in the order they happened. */
    private static final class RecordingChannel extends FileChannel {

        final List<String> events = new CopyOnWriteArrayList<>();
        volatile long sizeWhenLastForced = -1;
        private final FileChannel real;

        RecordingChannel(FileChannel real) {
            this.real = real;
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            events.add("write");
            return real.write(source);
        }

        @Override
        public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
            events.add("write");
            return real.write(sources, offset, length);
        }

        @Override
        public int write(ByteBuffer source, long position) throws IOException {
            events.add("write");
            return real.write(source, position);
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            events.add("truncate");
            real.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            real.force(metaData);
            sizeWhenLastForced = real.size();
            events.add("force");
        }

        @Override
        public int read(ByteBuffer destination) throws IOException {
            return real.read(destination);
        }

        @Override
        public long read(ByteBuffer[] destinations, int offset, int length) throws IOException {
            return real.read(destinations, offset, length);
        }

        @Override
        public int read(ByteBuffer destination, long position) throws IOException {
            return real.read(destination, position);
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel source, long position, long count) throws IOException {
            events.add("write");
            return real.transferFrom(source, position, count);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return real.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}
