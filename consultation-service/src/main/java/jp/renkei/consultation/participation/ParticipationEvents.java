package jp.renkei.consultation.participation;

import java.util.List;
import java.util.UUID;
import jp.renkei.consultation.catalog.CatalogMeasure;
import jp.renkei.contracts.consultation.ParticipationTallied;
import jp.renkei.contracts.events.ConsultationEventTypes;
import jp.renkei.messaging.outbox.OutboxEvent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds {@code participation-tallied} events: counts and the measure's routing attributes (from the catalog of
 * plan measures), keyed by the measure id like plan-service's events about that measure.
 */
@Component
class ParticipationEvents {

    private final JsonMapper json;
    private final String municipalityId;

    ParticipationEvents(JsonMapper json, @Value("${renkei.consultation.municipality-id}") String municipalityId) {
        this.json = json;
        this.municipalityId = municipalityId;
    }

    /** @param measure the measure as the catalog knows it; null when it does not (routed by plan and measure only) */
    OutboxEvent tallied(Tally tally, CatalogMeasure measure) {
        ParticipationTallied data = new ParticipationTallied(municipalityId, tally.planId(),
                measure == null ? null : measure.goalNumber(), measure == null ? null : measure.areaId(),
                tally.measureId(), List.of(tally.measureId()), measure == null ? List.of() : measure.tags(),
                tally.fiscalYear(), tally.opinions(), tally.hearingRecords(), tally.version(), tally.asOf());
        return new OutboxEvent(UUID.randomUUID().toString(), ConsultationEventTypes.PARTICIPATION_TALLIED,
                ConsultationEventTypes.participationSource(municipalityId),
                ConsultationEventTypes.participationSubject(tally.measureId(), tally.fiscalYear()), tally.measureId(),
                tally.version(), tally.asOf(), json.writeValueAsString(data));
    }
}
