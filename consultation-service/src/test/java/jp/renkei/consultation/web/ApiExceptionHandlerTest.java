package jp.renkei.consultation.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import jp.renkei.consultation.cases.ConsultationStatus;
import jp.renkei.consultation.cases.ForbiddenTransitionException;
import jp.renkei.consultation.refusal.InvalidFieldException;
import jp.renkei.consultation.refusal.NotFoundException;
import jp.renkei.consultation.refusal.StateConflictException;
import jp.renkei.support.web.ProblemDetailsExceptionHandler;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;

/**
 * The domain's own refusals answer exactly as web-support's exceptions, which the domain threw before it had its own,
 * answered (and as web-support still answers its own): the same status, type, title, detail, field and further
 * properties.
 */
class ApiExceptionHandlerTest {

    private final ApiExceptionHandler consultation = new ApiExceptionHandler();
    private final ProblemDetailsExceptionHandler webSupport = new ProblemDetailsExceptionHandler();

    @Test
    void anInvalidFieldIsThe400NamingIt() {
        ProblemDetail ours = consultation.invalidField(new InvalidFieldException("deadline", "the period is 29 days"));
        assertThat(ours).isEqualTo(webSupport.invalidField(
                new jp.renkei.support.web.InvalidFieldException("deadline", "the period is 29 days")));
        assertThat(ours.getStatus()).isEqualTo(400);
        assertThat(ours.getProperties()).containsEntry("field", "deadline")
                .containsEntry("errors", List.of(Map.of("field", "deadline", "message", "the period is 29 days")));
    }

    @Test
    void aConflictKeepsItsTypeTitleFieldAndProperties() {
        ForbiddenTransitionException forbidden =
                new ForbiddenTransitionException(ConsultationStatus.CLOSED, ConsultationStatus.OPEN);
        ProblemDetail ours = consultation.stateConflict(forbidden);
        assertThat(ours.getStatus()).isEqualTo(409);
        assertThat(ours.getDetail()).isEqualTo("a consultation in status CLOSED cannot become OPEN");
        assertThat(ours.getType()).hasToString("https://renkei.jp/problems/forbidden-transition");
        assertThat(ours.getTitle()).isEqualTo("Status change not allowed");
        assertThat(ours.getProperties()).containsExactlyInAnyOrderEntriesOf(Map.of("field", "status",
                "currentStatus", "CLOSED", "allowed", ConsultationStatus.CLOSED.next()));
    }

    @Test
    void aConflictWithoutAFieldNamesNone() {
        ProblemDetail ours = consultation.stateConflict(new StateConflictException("concurrent-change",
                "Changed concurrently", null, "try again", Map.of()));
        assertThat(ours.getStatus()).isEqualTo(409);
        assertThat(ours.getType()).hasToString("https://renkei.jp/problems/concurrent-change");
        assertThat(ours.getTitle()).isEqualTo("Changed concurrently");
        assertThat(ours.getProperties()).isNull();
    }

    @Test
    void somethingMissingIsThe404() {
        ProblemDetail ours = consultation.notFound(new NotFoundException("no hearing record h-1"));
        assertThat(ours).isEqualTo(webSupport.notFound(
                new jp.renkei.support.web.ResourceNotFoundException("no hearing record h-1")));
        assertThat(ours.getStatus()).isEqualTo(404);
    }
}
