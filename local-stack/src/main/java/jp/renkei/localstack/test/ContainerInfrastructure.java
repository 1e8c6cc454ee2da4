package jp.renkei.localstack.test;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * Kafka and MongoDB in containers (Testcontainers), for machines with a Docker engine.
 *
 * <p>This class is the only one that touches Testcontainers. {@link RenkeiInfrastructure} loads it by name, and only
 * after checking that Testcontainers is on the classpath, so consumers without it never see a NoClassDefFoundError.
 */
final class ContainerInfrastructure implements Infrastructure {

    static final String KAFKA_IMAGE = System.getProperty("renkei.kafka.image", "apache/kafka:4.1.2");
    static final String MONGO_IMAGE = System.getProperty("renkei.mongo.image", "mongo:8.0.12");

    private static final Logger log = LoggerFactory.getLogger(ContainerInfrastructure.class);

    private final KafkaContainer kafka;
    private final MongoDBContainer mongo;

    ContainerInfrastructure() {
        long started = System.nanoTime();
        kafka = new KafkaContainer(KAFKA_IMAGE);
        mongo = new MongoDBContainer(MONGO_IMAGE).withReplicaSet();
        try {
            kafka.start();
            mongo.start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info("Container test infrastructure up in {} ms: Kafka {} ({}), MongoDB {} ({})",
                (System.nanoTime() - started) / 1_000_000, kafka.getBootstrapServers(), KAFKA_IMAGE,
                mongo.getConnectionString(), MONGO_IMAGE);
    }

    /** Called reflectively by {@link RenkeiInfrastructure} once the Testcontainers classes are known to be present. */
    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            log.debug("No usable Docker engine: {}", e.toString());
            return false;
        }
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String mongoUri(String database) {
        return mongo.getReplicaSetUrl(database);
    }

    @Override
    public String mode() {
        return "testcontainers";
    }

    @Override
    public void close() {
        try {
            mongo.stop();
        } finally {
            kafka.stop();
        }
    }
}
