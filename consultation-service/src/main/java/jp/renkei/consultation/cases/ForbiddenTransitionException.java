package jp.renkei.consultation.cases;

import java.util.Map;
import jp.renkei.consultation.refusal.StateConflictException;

/** The consultation's status does not allow the step asked for. */
public class ForbiddenTransitionException extends StateConflictException {

    public ForbiddenTransitionException(ConsultationStatus from, ConsultationStatus to) {
        super("forbidden-transition", "Status change not allowed", "status",
                "a consultation in status " + from + " cannot become " + to,
                Map.of("currentStatus", from.name(), "allowed", from.next()));
    }
}
