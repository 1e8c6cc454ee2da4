package jp.renkei.localstack.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What one launcher runs: everything ({@code ./renkei up}), or only the Kafka broker or only the store
 * ({@code ./renkei up --only kafka|store}), so that each can be stopped, killed and started again on its own while the
 * rest keeps running. A part keeps its own pid file and log, so the three can run side by side on one data directory.
 */
public enum StackPart {
    ALL("all", "renkei.pid", "local-stack"),
    KAFKA("kafka", "renkei-kafka.pid", "local-stack-kafka"),
    STORE("store", "renkei-store.pid", "local-stack-store");

    private final String option;
    private final String pidFileName;
    private final String logName;

    StackPart(String option, String pidFileName, String logName) {
        this.option = option;
        this.pidFileName = pidFileName;
        this.logName = logName;
    }

    /** The part {@code --only <option>} names: {@code kafka} or {@code store}. */
    public static Optional<StackPart> ofOption(String option) {
        String name = option.toLowerCase(Locale.ROOT);
        return List.of(KAFKA, STORE).stream().filter(part -> part.option.equals(name)).findFirst();
    }

    public String option() {
        return option;
    }

    public boolean runsKafka() {
        return this != STORE;
    }

    public boolean runsStore() {
        return this != KAFKA;
    }

    public boolean runsServices() {
        return this == ALL;
    }

    /** The pid file of a launcher running this part ({@code data/renkei.pid} for everything). */
    public Path pidFile(StackPaths paths) {
        return paths.data().resolve(pidFileName);
    }

    /** The name of its log under {@code data/logs} ({@code local-stack} for everything). */
    public String logName() {
        return logName;
    }

    /** What {@code --fresh} empties: all of {@code data/}, or only this part's own data. */
    public Path freshDirectory(StackPaths paths) {
        return switch (this) {
            case ALL -> paths.data();
            case KAFKA -> paths.kafkaDir();
            case STORE -> paths.mongoFile().getParent();
        };
    }

    /** The ports this part needs, checked before it starts: its infrastructure and, for everything, the services'. */
    public List<PortSpec> portSpecs(List<ChildService> services) {
        if (this == ALL) {
            return ChildServices.portSpecs(services);
        }
        List<PortSpec> specs = new ArrayList<>();
        for (PortSpec spec : ChildServices.INFRASTRUCTURE) {
            boolean kafka = spec.name().equals(ChildServices.KAFKA) || spec.name().equals(ChildServices.KAFKA_CONTROLLER);
            if (kafka ? runsKafka() : runsStore()) {
                specs.add(spec);
            }
        }
        return List.copyOf(specs);
    }
}
