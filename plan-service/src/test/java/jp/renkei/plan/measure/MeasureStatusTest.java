package jp.renkei.plan.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeasureStatusTest {

    @Test
    void theLifecycleAllowsOnlyItsSteps() {
        assertThat(MeasureStatus.DRAFT.next()).containsExactlyInAnyOrder(MeasureStatus.IN_CONSULTATION,
                MeasureStatus.ARCHIVED);
        assertThat(MeasureStatus.DRAFT.canMoveTo(MeasureStatus.ADOPTED)).as("adopted without consultation").isFalse();
        assertThat(MeasureStatus.IN_CONSULTATION.canMoveTo(MeasureStatus.ADOPTED)).isTrue();
        assertThat(MeasureStatus.ADOPTED.canMoveTo(MeasureStatus.DRAFT)).isFalse();
        assertThat(MeasureStatus.ARCHIVED.next()).isEmpty();
    }

    @Test
    void anArchivedMeasureCanNeitherMoveNorBeRevised() {
        Measure archived = new Measure("abashiri", "plan", 5, "5-2", "5-2-2", "②", new MeasureContent("t", List.of(),
                "p", List.of(), List.of(), List.of(), List.of()), MeasureStatus.ARCHIVED, 4, Instant.EPOCH, "x");

        assertThatThrownBy(() -> archived.changeStatus(MeasureStatus.ADOPTED, "y", Instant.EPOCH))
                .isInstanceOf(ForbiddenTransitionException.class);
        assertThatThrownBy(() -> archived.revise(archived.content(), "y", Instant.EPOCH))
                .isInstanceOf(ForbiddenTransitionException.class).hasMessageContaining("archived");
    }
}
