package jp.renkei.plan.progress;

import java.time.Instant;
import java.util.UUID;
import jp.renkei.contracts.events.PlanEventTypes;
import jp.renkei.contracts.plan.ActualRecorded;
import jp.renkei.contracts.plan.EvaluationPublished;
import jp.renkei.contracts.plan.IndicatorChanged;
import jp.renkei.contracts.plan.IndicatorSnapshot;
import jp.renkei.messaging.outbox.OutboxEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the events of progress changes. They carry the measure's routing attributes (plan, goal, area, measure,
 * tags) so that subscriptions select them as they select measure events; their subject is the measure's progress
 * and their sequence the progress's count of events; their Kafka key is the measure id, as for the measure's own events.
 */
@Component
public class ProgressEvents {

    private final JsonMapper json;
    private final EvaluationGrades grades;

    public ProgressEvents(JsonMapper json, EvaluationGrades grades) {
        this.json = json;
        this.grades = grades;
    }

    OutboxEvent indicatorChanged(String type, Progress after, Indicator indicator) {
        MeasureRef m = after.measure();
        return event(after, type, indicator.changedAt(), new IndicatorChanged(m.municipalityId(), m.planId(),
                m.goalNumber(), m.areaId(), m.measureId(), m.tags(), after.sequence(), indicator.changedBy(),
                indicator.reason(), indicator.changedAt(), snapshot(indicator)));
    }

    OutboxEvent actualRecorded(Progress after, Actual actual) {
        MeasureRef m = after.measure();
        return event(after, PlanEventTypes.ACTUAL_RECORDED, actual.recordedAt(), new ActualRecorded(
                m.municipalityId(), m.planId(), m.goalNumber(), m.areaId(), m.measureId(), m.tags(), after.sequence(),
                actual.indicatorId(), actual.fiscalYear().year(), actual.fiscalYear().label(), actual.version(),
                actual.value(), actual.asOf(), actual.source(), actual.note(), actual.recordedBy(), actual.reason(),
                actual.recordedAt()));
    }

    OutboxEvent evaluationPublished(Progress after, Evaluation evaluation) {
        MeasureRef m = after.measure();
        return event(after, PlanEventTypes.EVALUATION_PUBLISHED, evaluation.changedAt(), new EvaluationPublished(
                m.municipalityId(), m.planId(), m.goalNumber(), m.areaId(), m.measureId(), m.tags(), after.sequence(),
                evaluation.fiscalYear().year(), evaluation.fiscalYear().label(), evaluation.version(),
                evaluation.grade(), grades.find(evaluation.grade()).map(EvaluationGrades.Grade::definition).orElse(null),
                after.achievement(evaluation.fiscalYear()), evaluation.comment(), evaluation.nextAction(),
                evaluation.evaluator(), evaluation.changedBy(), evaluation.changedAt()));
    }

    public static IndicatorSnapshot snapshot(Indicator indicator) {
        IndicatorDefinition d = indicator.definition();
        return new IndicatorSnapshot(indicator.indicatorId(), indicator.version(), d.name(), d.unit(),
                d.direction().name(), d.baselineValue(), d.baselineYear().year(), d.targetValue(),
                d.targetYear().year(), d.source(), d.note(), indicator.retired() ? "RETIRED" : "ACTIVE",
                d.feed() == null ? null : d.feed().name());
    }

    private OutboxEvent event(Progress after, String type, Instant at, Object data) {
        MeasureRef m = after.measure();
        return new OutboxEvent(UUID.randomUUID().toString(), type,
                PlanEventTypes.source(m.municipalityId(), m.planId()), PlanEventTypes.progressSubject(m.measureId()),
                m.measureId(), after.sequence(), at, json.writeValueAsString(data));
    }
}
