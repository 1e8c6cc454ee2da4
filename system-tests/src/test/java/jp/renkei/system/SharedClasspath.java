package jp.renkei.system;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import jp.renkei.support.security.ServiceSecurityAutoConfiguration;

/**
 * The system tests and benchmarks run every Renkei application on one classpath, so each sees the jars and the
 * {@code application.yml} of all the others. These point an application at its own configuration file and name the
 * auto-configurations it must switch off to behave as it does alone. The applications themselves know nothing of it.
 */
public final class SharedClasspath {

    public static final String GATEWAY_JAR = "spring-cloud-gateway-server-webflux";
    public static final String[] MONGO_JARS = {"spring-boot-mongodb", "spring-boot-data-mongodb"};
    /** The web pages' template engine. */
    public static final String THYMELEAF_JAR = "spring-boot-thymeleaf";
    /** Spring Security's auto-configurations (plan-service brings them, through service-security). */
    public static final String SECURITY_JARS = "spring-boot-security";

    /**
     * The gateway's reactive MongoDB driver. Beside a servlet service's blocking one it is not only unused: its
     * auto-configuration's Netty transport customizer applies to every MongoDB client, so the blocking driver, too,
     * would talk to the store through Netty, with a thread hop per command, as it never does in its own process.
     */
    public static final List<String> REACTIVE_MONGO = List.of(
            "org.springframework.boot.mongodb.autoconfigure.MongoReactiveAutoConfiguration",
            "org.springframework.boot.mongodb.autoconfigure.health.MongoReactiveHealthContributorAutoConfiguration",
            "org.springframework.boot.data.mongodb.autoconfigure.DataMongoReactiveAutoConfiguration",
            "org.springframework.boot.data.mongodb.autoconfigure.DataMongoReactiveRepositoriesAutoConfiguration");

    private SharedClasspath() {
    }

    /** The auto-configuration classes that the jars whose names start with the prefixes contribute, comma-separated. */
    public static String autoConfigurationsOf(String... jarPrefixes) {
        try {
            List<String> classes = new ArrayList<>();
            var imports = SharedClasspath.class.getClassLoader()
                    .getResources("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
            while (imports.hasMoreElements()) {
                java.net.URL url = imports.nextElement();
                if (java.util.Arrays.stream(jarPrefixes).anyMatch(jar -> url.toString().contains("/" + jar + "-"))) {
                    try (var in = url.openStream()) {
                        new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                                .map(String::trim)
                                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                                .forEach(classes::add);
                    }
                }
            }
            if (classes.isEmpty()) {
                throw new IllegalStateException("no auto-configurations found in " + String.join(", ", jarPrefixes));
            }
            return String.join(",", classes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }


    /**
     * The auto-configurations that secure a servlet service with the gateway's token, for the applications that do
     * not use service-security (and the gateway, which authenticates callers itself).
     */
    public static String security() {
        return autoConfigurationsOf(SECURITY_JARS) + "," + ServiceSecurityAutoConfiguration.class.getName();
    }

    /**
     * {@code --spring.config.location=…}: the {@code application.yml} beside the application's own class, in its jar
     * or its classes directory. Every Renkei application names its file {@code application.yml}, as any Spring Boot
     * application alone does; on this shared classpath {@code classpath:application.yml} would be whichever comes
     * first, so each application is pointed at its own by address.
     */
    public static String ownConfiguration(Class<?> application) {
        return "--spring.config.location=" + ownConfigurationFile(application);
    }

    /** The address of the {@code application.yml} beside the application's own class (see {@link #ownConfiguration}). */
    public static String ownConfigurationFile(Class<?> application) {
        URL location = application.getProtectionDomain().getCodeSource().getLocation();
        String file = location.toString();
        String yaml = file.endsWith("/") ? file + "application.yml" : "jar:" + file + "!/application.yml";
        try (var in = URI.create(yaml).toURL().openStream()) {
            in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("no application.yml beside " + application.getName() + " at " + yaml,
                    e);
        }
        return yaml;
    }

    /** {@code --spring.autoconfigure.exclude=…} for a service that is neither the gateway nor the web pages. */
    public static String withoutTheGateway() {
        return "--spring.autoconfigure.exclude=" + autoConfigurationsOf(GATEWAY_JAR, THYMELEAF_JAR) + ","
                + String.join(",", REACTIVE_MONGO);
    }
}
