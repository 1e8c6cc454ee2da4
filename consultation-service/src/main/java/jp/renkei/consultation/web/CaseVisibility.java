package jp.renkei.consultation.web;

import jp.renkei.consultation.cases.Consultation;
import jp.renkei.consultation.cases.ConsultationService;
import jp.renkei.support.web.ResourceNotFoundException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * The object-level rule for cases: one that has never opened (a DRAFT, or abandoned as a draft) is the city's
 * working paper, seen only by staff. Anyone else is told it does not exist, so that neither its content, its case
 * number nor its status leaks through the results or opinion calls.
 */
@Component
class CaseVisibility {

    private final ConsultationService consultations;

    CaseVisibility(ConsultationService consultations) {
        this.consultations = consultations;
    }

    /** The case, if {@code caller} may see it; 404 otherwise, exactly as for an id that does not exist. */
    Consultation get(String id, Jwt caller) {
        Consultation consultation = consultations.get(id);
        if (!visibleTo(consultation, caller)) {
            throw new ResourceNotFoundException("no consultation " + id);
        }
        return consultation;
    }

    static boolean visibleTo(Consultation consultation, Jwt caller) {
        return consultation.openedAt() != null || Staff.isStaff(caller);
    }
}
