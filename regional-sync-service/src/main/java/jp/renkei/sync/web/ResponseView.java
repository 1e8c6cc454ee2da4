package jp.renkei.sync.web;

import java.time.Instant;
import jp.renkei.sync.collaboration.PartnerResponse;
import jp.renkei.sync.collaboration.ResponseKind;

/** A partner's response as the API shows it, with the city's answer when there is one. */
record ResponseView(String id, String partnerId, String eventId, String eventType, String planId, String measureId,
                    Long version, ResponseKind kind, String section, String text, String viewRequestId, int revision,
                    Instant respondedAt, PartnerResponse.Answer answer) {

    static ResponseView of(PartnerResponse response) {
        return new ResponseView(response.id(), response.partnerId(), response.eventId(), response.eventType(),
                response.planId(), response.measureId(), response.version(), response.kind(), response.section(),
                response.text(), response.viewRequestId(), response.revision(), response.respondedAt(),
                response.answer());
    }
}
