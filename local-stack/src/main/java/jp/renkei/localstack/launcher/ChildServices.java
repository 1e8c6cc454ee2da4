package jp.renkei.localstack.launcher;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code ./renkei up} runs, in one place: the infrastructure ports, the child services with their arguments,
 * and the partners that get a webhook secret. Adjust a service's arguments here.
 */
public final class ChildServices {

    public static final String KAFKA = "kafka";
    public static final String KAFKA_CONTROLLER = "kafka-controller";
    public static final String MONGO = "mongo";

    public static final String PLAN_SERVICE = "plan-service";
    public static final String CONSULTATION_SERVICE = "consultation-service";
    public static final String REGIONAL_SYNC_SERVICE = "regional-sync-service";
    public static final String GATEWAY = "gateway";
    public static final String PARTNER_INBOX = "partner-inbox";
    public static final String WEB = "web";

    /** The in-process infrastructure of the launcher, on 127.0.0.1. */
    public static final List<PortSpec> INFRASTRUCTURE = List.of(
            PortSpec.of(KAFKA, 9092),
            PortSpec.of(KAFKA_CONTROLLER, 9093),
            PortSpec.of(MONGO, 27017));

    /**
     * The seeded partners ({@code seeds/}); each gets a webhook endpoint on the partner inbox and a secret, and a demo
     * API key.
     */
    public static final List<String> SEEDED_PARTNERS = List.of(
            "ozora", "okhotsk-council", "abashiri-fire-union", "abashiri-education-center");

    /**
     * The child JVMs, started in this order, each as soon as the ports its arguments name are known
     * ({@link ChildSupervisor#startAll}): all at once with the fixed ports of {@code ./renkei up}; with port 0 (a child
     * binds a free one itself and says which in its log), regional-sync-service once the partner inbox has bound its
     * port, the gateway once the services it routes to and the web pages have bound theirs. None needs the gateway's
     * address: the services check its tokens against the key set file ({@link LaunchContext#gatewayKeySetUri()}). The
     * web pages and the gateway name each other, so one of the two needs a port of its own.
     */
    public static final List<ChildService> ALL = List.of(
            ChildService.of(PLAN_SERVICE, "plan-service", 8081, ctx -> withGatewayKeys(ctx,
                    "--spring.kafka.bootstrap-servers=" + ctx.kafkaBootstrapServers(),
                    "--spring.mongodb.uri=" + ctx.mongoUri("plan"))),
            ChildService.of(CONSULTATION_SERVICE, "consultation-service", 8082, ctx -> withGatewayKeys(ctx,
                    "--spring.kafka.bootstrap-servers=" + ctx.kafkaBootstrapServers(),
                    "--spring.mongodb.uri=" + ctx.mongoUri("consultation"),
                    "--renkei.consultation.personal-data.key-file=" + ctx.paths().personalDataKeyFile())),
            ChildService.of(REGIONAL_SYNC_SERVICE, "regional-sync-service", 8083, ctx -> withGatewayKeys(ctx,
                    "--spring.kafka.bootstrap-servers=" + ctx.kafkaBootstrapServers(),
                    "--spring.mongodb.uri=" + ctx.mongoUri("sync"),
                    ctx.importSecretsArg(),
                    "--renkei.sync.secret-key-file=" + ctx.paths().data().resolve("secrets").resolve("sync-secret.key"),
                    "--renkei.sync.webhook-allow-list=127.0.0.1:" + ctx.port(PARTNER_INBOX))),
            ChildService.of(GATEWAY, "gateway", 8080, ctx -> List.of(
                    "--renkei.gateway.plan-service-uri=" + ctx.serviceUri(PLAN_SERVICE),
                    "--renkei.gateway.consultation-service-uri=" + ctx.serviceUri(CONSULTATION_SERVICE),
                    "--renkei.gateway.regional-sync-service-uri=" + ctx.serviceUri(REGIONAL_SYNC_SERVICE),
                    "--renkei.gateway.web-uri=" + ctx.serviceUri(WEB),
                    // the gateway's own database: API keys, the demo ones among them (LocalCredentials)
                    "--spring.mongodb.uri=" + ctx.mongoUri("gateway"),
                    ctx.importGatewayKeysArg())),
            ChildService.of(PARTNER_INBOX, "partner-inbox", 8090, ctx -> List.of(
                    ctx.importSecretsArg(),
                    "--renkei.inbox.store-dir=" + ctx.paths().partnerInboxDir())),
            // the pages call the API only through the gateway, as any client does
            ChildService.of(WEB, "web", 8084, ctx -> List.of(
                    "--renkei.web.gateway-url=" + ctx.serviceUri(GATEWAY))));

    /** The service of that name among {@link #ALL}. */
    public static ChildService named(String name) {
        return ALL.stream().filter(service -> service.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service named " + name));
    }

    private ChildServices() {
    }

    /** The arguments, and the key set the gateway's tokens are checked against. */
    private static List<String> withGatewayKeys(LaunchContext context, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--renkei.security.jwks-uri=" + context.gatewayKeySetUri());
        return List.copyOf(all);
    }

    /**
     * Given to every child: its port (0 to bind any free one, or the one it bound before when it starts again) and the
     * {@code local} profile.
     */
    public static List<String> commonArgs(ChildService service, LaunchContext context) {
        return List.of("--server.port=" + context.ports().port(service.name()), "--spring.profiles.active=local");
    }

    /** The common arguments followed by the service's own. */
    public static List<String> argsFor(ChildService service, LaunchContext context) {
        List<String> args = new ArrayList<>(commonArgs(service, context));
        args.addAll(service.args().build(context));
        return List.copyOf(args);
    }

    /** Every port a run needs, infrastructure first, in the order they are checked. */
    public static List<PortSpec> portSpecs(List<ChildService> services) {
        List<PortSpec> specs = new ArrayList<>(INFRASTRUCTURE);
        services.forEach(service -> specs.add(service.portSpec()));
        return List.copyOf(specs);
    }
}
