package jp.renkei.plan.web;

import jakarta.validation.constraints.Pattern;
import java.util.List;
import jp.renkei.contracts.plan.MunicipalityRef;
import jp.renkei.plan.measure.MeasureService;
import jp.renkei.plan.plan.PlanDocument;
import jp.renkei.plan.plan.PlanRepository;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.util.DigestUtils;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
@Validated
@RequestMapping("/plans")
class PlanController {

    private final PlanRepository plans;
    private final MeasureService measures;
    private final PublicReads publicReads;
    private final JsonMapper json;

    PlanController(PlanRepository plans, MeasureService measures, PublicReads publicReads, JsonMapper json) {
        this.plans = plans;
        this.measures = measures;
        this.publicReads = publicReads;
        this.json = json;
    }

    @GetMapping
    List<PlanSummary> list() {
        return plans.findAll().stream()
                .map(plan -> new PlanSummary(plan.planId(), plan.municipalityId(), plan.municipalityName(), plan.title(),
                        plan.coOwners()))
                .toList();
    }

    /**
     * The plan tree: goals, areas and a summary of each measure; for the public from a moment's cache of its JSON
     * (see {@link PublicReads}), with an ETag that changes with any measure's version.
     */
    @GetMapping("/{planId}")
    ResponseEntity<?> get(@PathVariable @Pattern(regexp = Ids.PATTERN) String planId, Authentication caller) {
        if (!PublicReads.isPublic(caller)) {
            return ResponseEntity.ok(tree(planId));
        }
        return publicReads.tree(planId, () -> {
            byte[] body = json.writeValueAsBytes(tree(planId));
            return new PublicReads.Json(body, DigestUtils.md5DigestAsHex(body));
        });
    }

    private PlanTree tree(String planId) {
        PlanDocument plan = plans.findById(planId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no plan " + planId));
        // measures place themselves by goal and area, so creating one touches only its own document
        var byArea = measures.list(planId).stream().collect(java.util.stream.Collectors.groupingBy(
                measure -> measure.goalNumber() + "/" + measure.areaId()));
        return new PlanTree(plan.planId(), plan.municipalityId(), plan.municipalityName(), plan.title(), plan.coOwners(),
                plan.goals().stream().map(goal -> new PlanTree.Goal(goal.number(), goal.title(), goal.areas().stream()
                        .map(area -> new PlanTree.Area(area.id(), area.title(),
                                byArea.getOrDefault(goal.number() + "/" + area.id(), List.of()).stream()
                                        .map(measure -> new PlanTree.MeasureSummary(measure.measureId(),
                                                measure.number(), measure.content().title(), measure.status().name(),
                                                measure.version(), measure.content().tags()))
                                        .toList()))
                        .toList()))
                        .toList());
    }

    /** A plan in the list: its owner and, for a joint plan, its co-owners. */
    record PlanSummary(String planId, String municipalityId, String municipalityName, String title,
                       List<MunicipalityRef> coOwners) {
    }

    record PlanTree(String planId, String municipalityId, String municipalityName, String title,
                    List<MunicipalityRef> coOwners, List<Goal> goals) {

        record Goal(int number, String title, List<Area> areas) {
        }

        record Area(String id, String title, List<MeasureSummary> measures) {
        }

        record MeasureSummary(String measureId, String number, String title, String status, long version,
                              List<String> tags) {
        }
    }
}
