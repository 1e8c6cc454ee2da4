package jp.renkei.localstack.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

import jp.renkei.localstack.kafka.EmbeddedKafkaBroker;
import jp.renkei.localstack.mongo.EmbeddedMongoServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The in-JVM broker and store on free ports; the broker's data in a temporary directory deleted on close. */
final class EmbeddedInfrastructure implements Infrastructure {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

    private final Path kafkaDir;
    private final EmbeddedKafkaBroker kafka;
    private final EmbeddedMongoServer mongo;

    private EmbeddedInfrastructure(Path kafkaDir, EmbeddedKafkaBroker kafka, EmbeddedMongoServer mongo) {
        this.kafkaDir = kafkaDir;
        this.kafka = kafka;
        this.mongo = mongo;
    }

    static EmbeddedInfrastructure start() {
        long started = System.nanoTime();
        Path kafkaDir;
        try {
            kafkaDir = Files.createTempDirectory("renkei-test-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary directory for Kafka", e);
        }
        EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().dataDir(kafkaDir).port(0).controllerPort(0).build();
        EmbeddedMongoServer mongo = EmbeddedMongoServer.inMemory(0);
        try {
            kafka.start();
            mongo.start();
        } catch (RuntimeException e) {
            mongo.close();
            kafka.close();
            deleteRecursively(kafkaDir);
            throw e;
        }
        log.info("Embedded test infrastructure up in {} ms: Kafka {}, MongoDB {}",
                (System.nanoTime() - started) / 1_000_000, kafka.bootstrapServers(), mongo.connectionString());
        return new EmbeddedInfrastructure(kafkaDir, kafka, mongo);
    }

    @Override
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public String mongoUri(String database) {
        return mongo.uri(database);
    }

    @Override
    public String mode() {
        return "embedded";
    }

    @Override
    public void close() {
        try {
            mongo.close();
        } finally {
            try {
                kafka.close();
            } finally {
                deleteRecursively(kafkaDir);
            }
        }
    }

    static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", root, e.toString());
        }
    }
}
