package jp.renkei.system;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import jp.renkei.support.security.ServiceSecurityAutoConfiguration;

/**
 * The system tests and benchmarks run every Renkei application on one classpath, so each sees the jars of all the
 * others. These name the auto-configurations an application must switch off to behave as it does alone.
 */
public final class SharedClasspath {

    public static final String GATEWAY_JAR = "spring-cloud-gateway-server-webflux";
    public static final String[] MONGO_JARS = {"spring-boot-mongodb", "spring-boot-data-mongodb"};
    /** The web pages' template engine. */
    public static final String THYMELEAF_JAR = "spring-boot-thymeleaf";
    /** Spring Security's auto-configurations (plan-service brings them, through service-security). */
    public static final String SECURITY_JARS = "spring-boot-security";

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

    /** {@code --spring.autoconfigure.exclude=…} for a service that is neither the gateway nor the web pages. */
    public static String withoutTheGateway() {
        return "--spring.autoconfigure.exclude=" + autoConfigurationsOf(GATEWAY_JAR, THYMELEAF_JAR);
    }
}
