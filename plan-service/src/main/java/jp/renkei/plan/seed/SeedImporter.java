package jp.renkei.plan.seed;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.renkei.contracts.plan.MunicipalityRef;
import jp.renkei.plan.measure.Measure;
import jp.renkei.plan.measure.MeasureContent;
import jp.renkei.plan.measure.MeasureEvents;
import jp.renkei.plan.measure.MeasureStatus;
import jp.renkei.plan.measure.MeasureStore;
import jp.renkei.plan.plan.PlanDocument;
import jp.renkei.plan.plan.PlanRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.io.UncheckedIOException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports the plans under {@code classpath:seeds/plan/} on start, a joint plan with its co-owners (named as the
 * seeded partners are) and its measures as drafts. Idempotent: a plan or measure that exists is
 * left as staff left it; where the seed files now say something else, the difference is logged, not applied.
 *
 * <p>It runs before the web server starts, so a healthy plan-service always serves its seeded plan. The creation
 * events wait in the outbox until the relay's first sweep after start-up.
 */
@Component
class SeedImporter implements SmartInitializingSingleton {

    static final String SEED_EDITOR = "seed-import";
    /** Where a co-owner's name is found: the partners regional-sync-service seeds. */
    private static final String PARTNERS = "seeds/partners/partners.yml";
    private static final Logger log = LoggerFactory.getLogger(SeedImporter.class);

    private final PlanRepository plans;
    private final MeasureStore measures;
    private final MeasureEvents events;
    private final JsonMapper json;
    private final Clock clock;

    SeedImporter(PlanRepository plans, MeasureStore measures, MeasureEvents events, JsonMapper json,
                 Clock clock) {
        this.plans = plans;
        this.measures = measures;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        try {
            PathMatchingResourcePatternResolver resources = new PathMatchingResourcePatternResolver();
            Map<String, String> partnerNames = new java.util.HashMap<>();
            for (Resource resource : resources.getResources("classpath*:" + PARTNERS)) {
                read(resource, SeedPlan.Partners.class).partners()
                        .forEach(partner -> partnerNames.put(partner.id(), partner.name()));
            }
            for (Resource resource : resources.getResources("classpath*:seeds/plan/*.yml")) {
                importPlan(read(resource, SeedPlan.class), partnerNames);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the plan seeds", e);
        }
    }

    private <T> T read(Resource resource, Class<T> type) throws IOException {
        try (InputStream in = resource.getInputStream()) {
            Map<String, Object> tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            return json.convertValue(tree, type);
        }
    }

    private void importPlan(SeedPlan seed, Map<String, String> partnerNames) {
        PlanDocument frame = frameOf(seed, partnerNames);
        if (plans.existsById(frame.planId())) {
            plans.findById(frame.planId()).filter(stored -> !stored.equals(frame)).ifPresent(stored ->
                    log.info("plan {} differs from its seed file; the stored plan is kept", frame.planId()));
        } else {
            plans.save(frame);
            log.info("imported plan {} ({})", frame.planId(), frame.title());
        }
        Instant now = clock.instant();
        // a seed file cannot give a co-owner's approval, so a joint plan's measures start as drafts
        MeasureStatus status = frame.coOwners().isEmpty() ? MeasureStatus.ADOPTED : MeasureStatus.DRAFT;
        int imported = 0;
        for (SeedPlan.Goal goal : seed.plan().goals()) {
            for (SeedPlan.Area area : goal.areas()) {
                for (SeedPlan.SeedMeasure seedMeasure : area.measures()) {
                    Measure measure = new Measure(seed.municipality().id(), seed.plan().id(), goal.number(), area.id(),
                            seedMeasure.id(), seedMeasure.number(), contentOf(seedMeasure), status, 1,
                            now, SEED_EDITOR);
                    if (measures.insert(measure, events.created(measure, "imported from seeds"))) {
                        imported++;
                    } else {
                        reportDifference(measure);
                    }
                }
            }
        }
        log.info("plan {}: {} measures imported from seeds", seed.plan().id(), imported);
    }

    private void reportDifference(Measure seeded) {
        measures.find(seeded.planId(), seeded.measureId()).ifPresent(stored -> {
            List<String> differing = stored.changedSections(seeded.content());
            if (!differing.isEmpty()) {
                log.info("measure {} (version {}) differs from its seed in {}; staff edits are kept",
                        seeded.measureId(), stored.version(), differing);
            }
        });
    }

    private static PlanDocument frameOf(SeedPlan seed, Map<String, String> partnerNames) {
        List<PlanDocument.Goal> goals = new ArrayList<>();
        for (SeedPlan.Goal goal : seed.plan().goals()) {
            goals.add(new PlanDocument.Goal(goal.number(), goal.title(), goal.areas().stream()
                    .map(area -> new PlanDocument.Area(area.id(), area.title()))
                    .toList()));
        }
        return new PlanDocument(seed.plan().id(), seed.municipality().id(), seed.municipality().name(),
                seed.municipality().nameEn(), seed.plan().title(), goals, seed.plan().coOwners().stream()
                .map(partnerId -> new MunicipalityRef(partnerId, partnerNames.getOrDefault(partnerId, partnerId)))
                .toList());
    }

    private static MeasureContent contentOf(SeedPlan.SeedMeasure measure) {
        return new MeasureContent(measure.title(), measure.currentSituation(), measure.basicPolicy(),
                measure.initiatives(), orEmpty(measure.relatedPlans()), orEmpty(measure.glossary()),
                orEmpty(measure.tags()));
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
