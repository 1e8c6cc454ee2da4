package jp.renkei.system;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.renkei.consultation.ConsultationServiceApplication;
import jp.renkei.contracts.security.InternalToken;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.gateway.GatewayApplication;
import jp.renkei.gateway.keys.ApiKeySecrets;
import jp.renkei.inbox.PartnerInboxApplication;
import jp.renkei.localstack.launcher.GatewayTokenKey;
import jp.renkei.localstack.test.MutableClock;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.plan.PlanServiceApplication;
import jp.renkei.support.security.ServiceSecurityAutoConfiguration;
import jp.renkei.sync.RegionalSyncApplication;
import jp.renkei.web.WebApplication;
import jp.renkei.web.oidc.StandInOidcProvider;
import org.awaitility.Awaitility;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.event.RefreshRoutesEvent;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The whole of Renkei in this JVM: the four services, the web pages and the partner inbox, each its own Spring
 * application on a free port, against the shared embedded broker and store, wired as the local stack wires them. Each start gets
 * fresh databases, so scenarios do not see each other's data.
 *
 * <p>Each application binds a free port itself ({@code server.port=0}), and what needs its address starts after it:
 * the partner inbox, then the services (which check the gateway's tokens against a key set file written before
 * anything starts, as the local stack does), then the gateway with their addresses, then the web pages with the
 * gateway's. The gateway routes the pages to the web application, which starts after it, so it is told the pages'
 * address afterwards, as Spring Cloud Gateway takes new route settings: its route is changed and its routes refreshed.
 */
public final class RenkeiSystem implements AutoCloseable {

    public static final List<String> SEEDED_PARTNERS =
            List.of("ozora", "okhotsk-council", "abashiri-fire-union", "abashiri-education-center");

    private static final String GATEWAY_JAR = SharedClasspath.GATEWAY_JAR;
    /** The services that accept only the gateway's token. */
    private static final List<Class<?>> SECURED = List.of(PlanServiceApplication.class,
            ConsultationServiceApplication.class, RegionalSyncApplication.class);
    private static final String[] MONGO_JARS = SharedClasspath.MONGO_JARS;
    /** The web pages' template engine, which no service has: its error page would answer their browsers' errors. */
    private static final String THYMELEAF_JAR = SharedClasspath.THYMELEAF_JAR;

    /** The desk's client and the gateway's audience at the stand-in OIDC provider of the shared system. */
    public static final String OIDC_DESK_CLIENT = "renkei-desk";
    public static final String OIDC_GATEWAY_AUDIENCE = "renkei-gateway";
    /** Users of the stand-in provider: an editor, a moderator, and someone with no Renkei role. */
    public static final String OIDC_EDITOR = "kikaku.sato";
    public static final String OIDC_MODERATOR = "koho.suzuki";
    public static final String OIDC_CITIZEN = "shimin.tanaka";

    private final List<ConfigurableApplicationContext> started = new ArrayList<>();
    private final StandInOidcProvider oidcProvider;
    private final Map<String, String> urls = new LinkedHashMap<>();
    private final Path inboxStore;
    private final Path gatewayKeySet;
    private final String gatewayUrl;
    private final String inboxUrl;
    private final String webUrl;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final String editorKey = ApiKeySecrets.newKey();
    private final String moderatorKey = ApiKeySecrets.newKey();
    private final String operatorKey = ApiKeySecrets.newKey();
    private final Map<String, String> partnerKeys = new LinkedHashMap<>();
    private final MutableClock consultationClock;
    private final Map<Class<?>, Map<String, Object>> settings;

    public RenkeiSystem() throws IOException {
        this(Map.of());
    }

    /**
     * The system the test classes share (RenkeiSystemExtension): as a city that signs its staff in through its OIDC
     * provider would run it, the gateway and the desk configured for a stand-in provider ({@link #oidcProvider()})
     * that knows {@link #OIDC_EDITOR}, {@link #OIDC_MODERATOR} and {@link #OIDC_CITIZEN}. One system per JVM: a second
     * one beside it would share its consumer groups on the one broker, and each would miss half of the other's
     * events.
     */
    static RenkeiSystem withOidcProvider() throws IOException {
        StandInOidcProvider provider = new StandInOidcProvider(OIDC_DESK_CLIENT, OIDC_GATEWAY_AUDIENCE)
                .user(OIDC_EDITOR, "PLAN_EDITOR").user(OIDC_MODERATOR, "MODERATOR").user(OIDC_CITIZEN);
        try {
            return new RenkeiSystem(Map.of(
                    GatewayApplication.class, Map.of("renkei.gateway.oidc.issuer-uri", provider.issuer(),
                            "renkei.gateway.oidc.audience", OIDC_GATEWAY_AUDIENCE),
                    WebApplication.class, Map.of("renkei.web.oidc.issuer-uri", provider.issuer(),
                            "renkei.web.oidc.client-id", OIDC_DESK_CLIENT)), provider);
        } catch (IOException | RuntimeException e) {
            provider.close();
            throw e;
        }
    }

    /**
     * @param settings more properties per application class (e.g. {@code GatewayApplication.class}), outranking the
     *                 ones set here: for the benchmarks, which point partners at their own receivers and lift limits
     */
    public RenkeiSystem(Map<Class<?>, Map<String, Object>> settings) throws IOException {
        this(settings, null);
    }

    private RenkeiSystem(Map<Class<?>, Map<String, Object>> settings, StandInOidcProvider oidcProvider)
            throws IOException {
        this.oidcProvider = oidcProvider;
        this.settings = Map.copyOf(settings);
        RenkeiInfrastructure infrastructure = RenkeiInfrastructure.shared();
        inboxStore = Files.createTempDirectory("renkei-inbox");
        Map<String, Object> webhooks = webhookSecrets();
        // the gateway signs with the private half; the services read the public half from a file that exists before
        // either starts, so they need not know where the gateway will listen
        GatewayTokenKey.Jwk tokenKey = new GatewayTokenKey().generate();
        gatewayKeySet = Files.createTempFile("renkei-gateway-jwks", ".json");
        Files.writeString(gatewayKeySet, tokenKey.publicJwkSet());
        String jwksUri = gatewayKeySet.toUri().toString();
        try {
            ConfigurableApplicationContext inbox = start(PartnerInboxApplication.application(), with(webhooks,
                    "renkei.inbox.store-dir", inboxStore.toString()), GATEWAY_JAR, MONGO_JARS[0], MONGO_JARS[1],
                    THYMELEAF_JAR);
            inboxUrl = url(inbox);
            webhooks.replaceAll((name, value) -> value instanceof String text
                    ? text.replace("{inbox}", inboxUrl) : value);

            ConfigurableApplicationContext plan = start(PlanServiceApplication.application(),
                    with(infrastructure.springProperties("plan-" + runId), "renkei.security.jwks-uri", jwksUri),
                    GATEWAY_JAR, THYMELEAF_JAR);
            ConfigurableApplicationContext consultation = start(ConsultationServiceApplication.application()
                            .sources(ConsultationClock.class),
                    with(infrastructure.springProperties("consultation-" + runId), "renkei.security.jwks-uri", jwksUri),
                    GATEWAY_JAR, THYMELEAF_JAR);
            consultationClock = consultation.getBean(MutableClock.class);
            Map<String, Object> sync = new LinkedHashMap<>(infrastructure.springProperties("sync-" + runId));
            sync.putAll(webhooks);
            sync.put("renkei.sync.webhook-allow-list", "127.0.0.1:*");
            sync.put("renkei.security.jwks-uri", jwksUri);
            // a partner that was down is tried again within seconds, not minutes, so journeys finish quickly
            sync.put("renkei.sync.delivery.retry-schedule", "0s,1s,1s,2s,2s,3s,5s,5s,10s,10s,10s,10s");
            sync.put("renkei.sync.delivery.circuit-breaker.open-for", "1s");
            ConfigurableApplicationContext regionalSync = start(RegionalSyncApplication.application(), sync, GATEWAY_JAR,
                    THYMELEAF_JAR);
            Map<String, Object> gatewaySettings = new LinkedHashMap<>(Map.of(
                    "spring.mongodb.uri", infrastructure.mongoUri("gateway-" + runId),
                    "renkei.gateway.plan-service-uri", url(plan),
                    "renkei.gateway.consultation-service-uri", url(consultation),
                    "renkei.gateway.regional-sync-service-uri", url(regionalSync),
                    // the web pages start after the gateway, which learns their address then (routePagesTo)
                    "renkei.gateway.web-uri", NO_PAGES_YET,
                    GatewayTokenKey.SIGNING_KEY_PROPERTY, tokenKey.privateJwk()));
            // every test client here is one loopback address, which the gateway's per-address limits would count as
            // one citizen; the limits themselves are the gateway's own tests' business (GatewayEdgeTest)
            gatewaySettings.putAll(Map.of("renkei.gateway.per-client.capacity", 1_000_000,
                    "renkei.gateway.per-client.refill", 1_000_000, "renkei.gateway.per-client.period", "1s",
                    "renkei.gateway.opinion-posts.capacity", 1_000_000,
                    "renkei.gateway.opinion-posts.refill", 1_000_000, "renkei.gateway.opinion-posts.period", "1s"));
            gatewaySettings.putAll(bootstrapKeys());
            ConfigurableApplicationContext gateway = start(GatewayApplication.application(), gatewaySettings,
                    THYMELEAF_JAR);
            gatewayUrl = url(gateway);
            webUrl = url(start(WebApplication.application(), Map.of("renkei.web.gateway-url", gatewayUrl),
                    GATEWAY_JAR, MONGO_JARS[0], MONGO_JARS[1]));
            routePagesTo(gateway, webUrl);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Where the gateway's page route leads until the pages have bound their port: the discard port, where nothing answers. */
    private static final String NO_PAGES_YET = "http://127.0.0.1:9";

    /**
     * Points the gateway's route of the web pages at {@code webUrl} and waits until the gateway routes by it: Spring
     * Cloud Gateway builds its routes from its settings again on a {@link RefreshRoutesEvent}, as it does when an
     * operator changes them.
     */
    private static void routePagesTo(ConfigurableApplicationContext gateway, String webUrl) {
        URI pages = URI.create(webUrl);
        gateway.getBean(GatewayProperties.class).getRoutes().stream().filter(route -> route.getId().equals("web"))
                .findFirst().orElseThrow(() -> new IllegalStateException("the gateway has no route named web"))
                .setUri(pages);
        gateway.publishEvent(new RefreshRoutesEvent(RenkeiSystem.class));
        RouteLocator routes = gateway.getBean(RouteLocator.class);
        Awaitility.await("the gateway routing the pages to " + webUrl).atMost(Duration.ofSeconds(30))
                .until(() -> pages.equals(routes.getRoutes().filter(route -> route.getId().equals("web"))
                        .map(route -> route.getUri()).blockFirst(Duration.ofSeconds(5))));
    }

    public String gatewayUrl() {
        return gatewayUrl;
    }

    /** An API key with the role PLAN_EDITOR, stored in the gateway at start. */
    public String editorKey() {
        return editorKey;
    }

    /**
     * consultation-service's clock: a journey moves it past a deadline instead of waiting for it. Only that service
     * sees it; the others, and the tokens, keep real time. It stands where the system started it until a test moves
     * it, and {@link RenkeiSystemExtension} puts it back there before each test class.
     */
    public MutableClock consultationClock() {
        return consultationClock;
    }

    public String moderatorKey() {
        return moderatorKey;
    }

    public String operatorKey() {
        return operatorKey;
    }

    /** The key of a seeded partner: role PARTNER, bound to that partner. */
    public String partnerKey(String partnerId) {
        return partnerKeys.get(partnerId);
    }

    /** The keys above, as {@code renkei.gateway.bootstrap-keys} for the gateway to store at start. */
    private Map<String, Object> bootstrapKeys() {
        Map<String, Object> keys = new LinkedHashMap<>();
        List<String[]> all = new ArrayList<>(List.of(
                new String[] {editorKey, "system-test-editor", InternalToken.PLAN_EDITOR, null},
                new String[] {moderatorKey, "system-test-moderator", InternalToken.MODERATOR, null},
                new String[] {operatorKey, "system-test-operator", InternalToken.OPERATOR, null}));
        for (String partner : SEEDED_PARTNERS) {
            partnerKeys.put(partner, ApiKeySecrets.newKey());
            all.add(new String[] {partnerKeys.get(partner), partner + "-staff", InternalToken.PARTNER, partner});
        }
        for (int i = 0; i < all.size(); i++) {
            String prefix = "renkei.gateway.bootstrap-keys[" + i + "].";
            keys.put(prefix + "key", all.get(i)[0]);
            keys.put(prefix + "owner", all.get(i)[1]);
            keys.put(prefix + "roles", all.get(i)[2]);
            if (all.get(i)[3] != null) {
                keys.put(prefix + "partner-id", all.get(i)[3]);
            }
        }
        return keys;
    }

    /** The web application itself; citizens reach its pages through {@link #gatewayUrl()}. */
    public String webUrl() {
        return webUrl;
    }

    public String inboxUrl() {
        return inboxUrl;
    }

    /** The base URL of each running application, by its {@code spring.application.name}. */
    public Map<String, String> urls() {
        return Map.copyOf(urls);
    }

    public String syncDatabase() {
        return "sync-" + runId;
    }

    public String consultationDatabase() {
        return "consultation-" + runId;
    }

    /**
     * Starts one application. On this shared classpath every application sees the jars of all the others; the
     * auto-configurations of the jars named in {@code foreignJars}, which the application does not have when it runs
     * alone, are switched off, and so is Spring Security for every application but plan-service.
     */
    private ConfigurableApplicationContext start(SpringApplicationBuilder application, Map<String, Object> properties,
                                                 String... foreignJars) {
        Map<String, Object> all = new LinkedHashMap<>(properties);
        all.putIfAbsent("server.port", "0");
        all.put("renkei.plan.outbox.sweep-interval", "1s");
        all.put("logging.level.jp.renkei", "DEBUG");
        application.application().getAllSources().forEach(source -> all.putAll(settings.getOrDefault(source, Map.of())));
        List<String> excluded = new ArrayList<>();
        if (foreignJars.length > 0) {
            excluded.add(SharedClasspath.autoConfigurationsOf(foreignJars));
        }
        if (!application.application().getAllSources().contains(GatewayApplication.class)) {
            excluded.addAll(SharedClasspath.REACTIVE_MONGO);
        }
        if (application.application().getAllSources().contains(WebApplication.class)) {
            // the pages secure themselves (CSRF, headers) with Spring Security, without the services' token check
            excluded.add(ServiceSecurityAutoConfiguration.class.getName());
        } else if (application.application().getAllSources().stream().noneMatch(SECURED::contains)) {
            // the applications without service-security run as they do alone
            excluded.add(SharedClasspath.security());
        }
        all.put("spring.autoconfigure.exclude", String.join(",", excluded));
        Class<?> main = application.application().getAllSources().stream().filter(Class.class::isInstance)
                .map(source -> (Class<?>) source).filter(source -> source.isAnnotationPresent(SpringBootApplication.class))
                .findFirst().orElseThrow();
        all.put("spring.config.location", SharedClasspath.ownConfigurationFile(main));
        // as command-line arguments, so they outrank the services' own configuration files
        String[] arguments = all.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = application.run(arguments);
        started.add(context);
        urls.put(context.getEnvironment().getProperty("spring.application.name"), url(context));
        return context;
    }

    /** Both sides of each partner's bootstrap webhook endpoint, with the inbox URL filled in once it is known. */
    private static Map<String, Object> webhookSecrets() {
        SecureRandom random = new SecureRandom();
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String partner : SEEDED_PARTNERS) {
            String secret = WebhookSignature.newSecret(random, 32);
            properties.put("renkei.sync.bootstrap-endpoints." + partner + ".url", "{inbox}/webhooks/" + partner);
            properties.put("renkei.sync.bootstrap-endpoints." + partner + ".secret", secret);
            properties.put("renkei.inbox.secrets." + partner, secret);
        }
        return properties;
    }

    private static Map<String, Object> with(Map<String, Object> properties, String name, Object value) {
        Map<String, Object> all = new LinkedHashMap<>(properties);
        all.put(name, value);
        return all;
    }

    private static String url(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    /** Gives consultation-service a clock the system tests move (it takes the primary {@link java.time.Clock}). */
    @Configuration(proxyBeanMethods = false)
    static class ConsultationClock {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        }
    }

    /** The stand-in OIDC provider the gateway and the desk trust; only the shared system has one. */
    public StandInOidcProvider oidcProvider() {
        if (oidcProvider == null) {
            throw new IllegalStateException("this system was started without an OIDC provider");
        }
        return oidcProvider;
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
        started.clear();
        try {
            Files.deleteIfExists(gatewayKeySet);
        } catch (IOException e) {
            // a temporary file: left for the system's cleaner
        }
        if (oidcProvider != null) {
            oidcProvider.close();
        }
    }
}
