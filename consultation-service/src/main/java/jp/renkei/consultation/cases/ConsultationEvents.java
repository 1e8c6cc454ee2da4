package jp.renkei.consultation.cases;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jp.renkei.contracts.consultation.ConsultationAbandoned;
import jp.renkei.contracts.consultation.ConsultationClosed;
import jp.renkei.contracts.consultation.ConsultationOpened;
import jp.renkei.contracts.consultation.ConsultationResultsPublished;
import jp.renkei.contracts.events.ConsultationEventTypes;
import jp.renkei.messaging.outbox.OutboxEvent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the events of a consultation's steps. Their data is made only of the case's public fields and counts: a
 * submitter's personal data is not within reach of this class.
 */
@Component
public class ConsultationEvents {

    private final JsonMapper json;
    private final String municipalityId;

    ConsultationEvents(JsonMapper json, @Value("${renkei.consultation.municipality-id}") String municipalityId) {
        this.json = json;
        this.municipalityId = municipalityId;
    }

    OutboxEvent opened(Consultation c) {
        return event(c, ConsultationEventTypes.OPENED, c.openedAt(), new ConsultationOpened(municipalityId, c.planId(),
                c.goalNumber(), c.areaId(), c.measureIds(), c.tags(), c.id(), c.caseNumber(), c.title(), c.targets(),
                c.department(), c.publicationDate(), c.deadline(), c.shortenedPeriodReason(), c.version(),
                c.openedAt()));
    }

    OutboxEvent closed(Consultation c, long opinionCount) {
        List<String> revised = c.revisionFlags().stream().map(RevisionFlag::measureId).distinct().toList();
        return event(c, ConsultationEventTypes.CLOSED, c.closedAt(), new ConsultationClosed(municipalityId, c.planId(),
                c.goalNumber(), c.areaId(), c.measureIds(), c.tags(), c.id(), c.caseNumber(), c.version(),
                c.closedAt(), opinionCount, revised));
    }

    OutboxEvent abandoned(Consultation c, long opinionCount) {
        Abandonment abandonment = c.abandonment();
        return event(c, ConsultationEventTypes.ABANDONED, abandonment.at(), new ConsultationAbandoned(municipalityId,
                c.planId(), c.goalNumber(), c.areaId(), c.measureIds(), c.tags(), c.id(), c.caseNumber(), c.version(),
                abandonment.at(), abandonment.previousStatus().name(), abandonment.reason(), opinionCount));
    }

    OutboxEvent resultsPublished(Consultation c, ResultCounts counts) {
        return event(c, ConsultationEventTypes.RESULTS_PUBLISHED, c.resultsPublishedAt(),
                new ConsultationResultsPublished(municipalityId, c.planId(), c.goalNumber(), c.areaId(),
                        c.measureIds(), c.tags(), c.id(), c.caseNumber(), c.version(), c.resultsPublishedAt(),
                        counts.opinionCount(), counts.publishedOpinionCount(), counts.hiddenOpinionCount(),
                        counts.outcomeCounts(), counts.revisions(), "/api/consultations/" + c.id() + "/results"));
    }

    private OutboxEvent event(Consultation c, String type, Instant at, Object data) {
        return new OutboxEvent(UUID.randomUUID().toString(), type, ConsultationEventTypes.source(municipalityId),
                ConsultationEventTypes.subject(c.id()), c.id(), c.version(), at, json.writeValueAsString(data));
    }
}
