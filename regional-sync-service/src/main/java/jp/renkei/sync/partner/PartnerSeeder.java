package jp.renkei.sync.partner;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import jp.renkei.sync.SyncProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.io.UncheckedIOException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates the seeded partners and their default subscriptions on first start, and the bootstrap webhook endpoints
 * configured for partners that have none. What exists already is left as operators left it.
 *
 * <p>It runs before the Kafka bindings start, so the first events consumed already find the subscriptions.
 */
@Component
class PartnerSeeder implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(PartnerSeeder.class);
    private static final String SEED = "seeds/partners/partners.yml";

    private final PartnerDirectory directory;
    private final SyncProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    private final WebhookUrlGuard urlGuard;

    PartnerSeeder(PartnerDirectory directory, SyncProperties properties, JsonMapper json, Clock clock,
                  WebhookUrlGuard urlGuard) {
        this.urlGuard = urlGuard;
        this.directory = directory;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        SeedFile seed;
        try (InputStream in = new ClassPathResource(SEED).getInputStream()) {
            Map<String, Object> tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            seed = json.convertValue(tree, SeedFile.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SEED, e);
        }
        int partners = 0;
        int subscriptions = 0;
        for (SeedPartner partner : seed.partners()) {
            if (directory.insertIfAbsent(new Partner(partner.id(), partner.name(), partner.nameEn(), partner.kind(),
                    partner.description()), PartnerDirectory.PARTNERS)) {
                partners++;
            }
            for (SeedSubscription s : partner.subscriptions()) {
                if (directory.insertIfAbsent(new Subscription(s.id(), partner.id(), s.description(), s.eventTypes(),
                        s.plans(), s.goals(), s.areas(), s.measures(), s.tags(), s.delivery(), null, false),
                        PartnerDirectory.SUBSCRIPTIONS)) {
                    subscriptions++;
                }
            }
        }
        properties.bootstrapEndpoints().forEach((partnerId, endpoint) -> {
            try {
                urlGuard.check(endpoint.url());
            } catch (WebhookUrlGuard.RefusedWebhookUrlException refused) {
                log.error("partner {}: bootstrap webhook endpoint refused: {}", partnerId, refused.getMessage());
                return;
            }
            if (!directory.hasEndpoints(partnerId)) {
                directory.addEndpointIfAbsent(Endpoint.create(partnerId + "-bootstrap", partnerId, endpoint.url(),
                        endpoint.secret(), clock.instant()));
                log.info("partner {}: bootstrap webhook endpoint {}", partnerId, endpoint.url());
            }
        });
        log.info("seeded {} partners and {} subscriptions", partners, subscriptions);
        int encrypted = directory.encryptPlainSecrets();
        if (encrypted > 0) {
            log.info("encrypted the stored secrets of {} endpoints", encrypted);
        }
    }

    record SeedFile(List<SeedPartner> partners) {
    }

    record SeedPartner(String id, String name, String nameEn, String kind, String description,
                       List<SeedSubscription> subscriptions) {
        SeedPartner {
            subscriptions = subscriptions == null ? List.of() : subscriptions;
        }
    }

    record SeedSubscription(String id, String description, List<String> eventTypes, List<String> plans,
                            List<Integer> goals, List<String> areas, List<String> measures, List<String> tags,
                            Subscription.DeliveryMode delivery) {
    }
}
