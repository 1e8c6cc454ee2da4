package jp.renkei.consultation.cases;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Opens and closes consultations on time. It keeps no state of its own: each tick asks the store what is due by the
 * clock, so a restart (or a tick missed while the service was down) only delays a step, and two instances ticking at
 * once are kept from doing a step twice by the conditional update in {@link ConsultationService}.
 */
@Component
class ConsultationScheduler {

    private static final Logger log = LoggerFactory.getLogger(ConsultationScheduler.class);

    private final ConsultationService consultations;

    ConsultationScheduler(ConsultationService consultations) {
        this.consultations = consultations;
    }

    @Scheduled(fixedDelayString = "${renkei.consultation.schedule-interval:10s}", initialDelayString = "1s")
    void tick() {
        try {
            consultations.openDue();
            consultations.closeDue();
        } catch (RuntimeException e) {
            log.warn("consultation schedule failed, will retry on the next tick: {}", e.toString());
        }
    }
}
