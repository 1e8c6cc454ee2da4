package jp.renkei.localstack.test;

/** One running Kafka + MongoDB pair, embedded or in containers. */
interface Infrastructure extends AutoCloseable {

    String bootstrapServers();

    String mongoUri(String database);

    /** "embedded" or "testcontainers". */
    String mode();

    @Override
    void close();
}
