package jp.renkei.plan.web;

import jakarta.validation.constraints.Pattern;
import java.util.List;
import jp.renkei.plan.measure.MeasureService;
import jp.renkei.plan.plan.PlanDocument;
import jp.renkei.plan.plan.PlanRepository;
import org.springframework.http.HttpStatus;
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

    PlanController(PlanRepository plans, MeasureService measures) {
        this.plans = plans;
        this.measures = measures;
    }

    @GetMapping
    List<PlanSummary> list() {
        return plans.findAll().stream()
                .map(plan -> new PlanSummary(plan.planId(), plan.municipalityId(), plan.municipalityName(), plan.title()))
                .toList();
    }

    /** The plan tree: goals, areas and a summary of each measure. */
    @GetMapping("/{planId}")
    PlanTree tree(@PathVariable @Pattern(regexp = Ids.PATTERN) String planId) {
        PlanDocument plan = plans.findById(planId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no plan " + planId));
        // measures place themselves by goal and area, so creating one touches only its own document
        var byArea = measures.list(planId).stream().collect(java.util.stream.Collectors.groupingBy(
                measure -> measure.goalNumber() + "/" + measure.areaId()));
        return new PlanTree(plan.planId(), plan.municipalityId(), plan.municipalityName(), plan.title(),
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

    record PlanSummary(String planId, String municipalityId, String municipalityName, String title) {
    }

    record PlanTree(String planId, String municipalityId, String municipalityName, String title, List<Goal> goals) {

        record Goal(int number, String title, List<Area> areas) {
        }

        record Area(String id, String title, List<MeasureSummary> measures) {
        }

        record MeasureSummary(String measureId, String number, String title, String status, long version,
                              List<String> tags) {
        }
    }
}
