package jp.renkei.consultation.opinion;

import java.util.List;
import jp.renkei.consultation.cases.AuditEntry;

/** Similar opinions a moderator put together, so the city answers them once. */
public record OpinionGroup(String id, String consultationId, String label, CityResponse response, long version,
                           List<AuditEntry> audit) {

    public OpinionGroup answered(CityResponse newResponse) {
        return new OpinionGroup(id, consultationId, label, newResponse, version + 1, audit);
    }
}
