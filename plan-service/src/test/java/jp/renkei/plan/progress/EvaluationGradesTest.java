package jp.renkei.plan.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationGradesTest {

    @Test
    void defaultsToTheCitysFiveGrades() {
        EvaluationGrades grades = new EvaluationGrades(null);
        assertThat(grades.codes()).containsExactly("S", "A", "B", "C", "D");
        assertThat(grades.require("A").definition()).isEqualTo("目標を達成した");
    }

    @Test
    void aGradeOutsideTheConfiguredSetIsAnInvalidGrade() {
        EvaluationGrades grades = new EvaluationGrades(List.of(new EvaluationGrades.Grade("◎", "順調"),
                new EvaluationGrades.Grade("△", "遅れ")));
        assertThat(grades.require("◎").definition()).isEqualTo("順調");
        assertThatThrownBy(() -> grades.require("S")).isInstanceOfSatisfying(InvalidProgressException.class,
                e -> assertThat(e.field()).isEqualTo("grade"));
    }

    @Test
    void aCodeTwiceIsAConfigurationError() {
        assertThatThrownBy(() -> new EvaluationGrades(List.of(new EvaluationGrades.Grade("A", "x"),
                new EvaluationGrades.Grade("A", "y")))).isInstanceOf(IllegalArgumentException.class);
    }
}
