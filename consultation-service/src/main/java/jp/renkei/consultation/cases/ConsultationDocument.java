package jp.renkei.consultation.cases;

import java.util.List;
import jp.renkei.messaging.outbox.OutboxEvent;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A consultation as stored: its state, the events of its changes not yet on Kafka, the relay's claim, the audit of
 * staff actions and, once published, the result. One document, so a change, its event and its audit entry are
 * written by one conditional update.
 *
 * @param results the published result as JSON, frozen when it was published (served byte for byte); null before
 */
@Document("consultations")
public record ConsultationDocument(@Id String id, Consultation consultation, List<OutboxEvent> outbox,
                                   RelayLease relayLease, List<AuditEntry> audit, String results, long receiptCounter) {

    public record RelayLease(String owner, java.util.Date until) {
    }
}
