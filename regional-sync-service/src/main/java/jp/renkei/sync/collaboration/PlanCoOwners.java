package jp.renkei.sync.collaboration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Which partners co-own each plan, as the plan seed files declare it ({@code plan.id}, {@code plan.coOwners}; every
 * {@code classpath*:seeds/plan/*.yml}, the files plan-service imports): a response on a joint plan's measure goes to
 * its other partner co-owners. Read once at start; a plan without co-owners has none.
 */
@Component
public class PlanCoOwners {

    private static final Logger log = LoggerFactory.getLogger(PlanCoOwners.class);
    private static final String SEEDS = "classpath*:seeds/plan/*.yml";

    private final Map<String, List<String>> coOwnersByPlan;

    PlanCoOwners() {
        Map<String, List<String>> read = new HashMap<>();
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources(SEEDS)) {
                try (InputStream in = resource.getInputStream()) {
                    Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
                    if (tree instanceof Map<?, ?> file && file.get("plan") instanceof Map<?, ?> plan
                            && plan.get("id") instanceof String planId && plan.get("coOwners") instanceof List<?> owners) {
                        read.put(planId, owners.stream().map(String::valueOf).toList());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SEEDS, e);
        }
        coOwnersByPlan = Map.copyOf(read);
        log.info("plans with partner co-owners: {}", coOwnersByPlan);
    }

    /** The plan's partner co-owners; empty for a plan of the city alone, or one not known. */
    public List<String> of(String planId) {
        return planId == null ? List.of() : coOwnersByPlan.getOrDefault(planId, List.of());
    }
}
