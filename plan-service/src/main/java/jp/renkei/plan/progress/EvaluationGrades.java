package jp.renkei.plan.progress;

import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The grades an evaluator may give a measure for a year, best first, with the city's definition of each
 * ({@code renkei.plan.progress.grades}); by default S/A/B/C/D.
 */
@ConfigurationProperties("renkei.plan.progress")
public record EvaluationGrades(List<Grade> grades) {

    public static final List<Grade> DEFAULT = List.of(
            new Grade("S", "目標を大きく上回って達成した"),
            new Grade("A", "目標を達成した"),
            new Grade("B", "目標の達成に向けて概ね順調に進んでいる"),
            new Grade("C", "目標の達成に向けてやや遅れている"),
            new Grade("D", "目標の達成に向けて遅れており、取組の見直しが必要"));

    public EvaluationGrades {
        grades = grades == null || grades.isEmpty() ? DEFAULT : List.copyOf(grades);
        if (grades.stream().map(Grade::code).distinct().count() != grades.size()) {
            throw new IllegalArgumentException("renkei.plan.progress.grades: each grade code once, got " + grades);
        }
    }

    /** The grade with this code; a code outside the set is an invalid {@code grade}. */
    public Grade require(String code) {
        return find(code).orElseThrow(() -> new InvalidProgressException("grade",
                "grade must be one of " + grades.stream().map(Grade::code).toList() + ", got " + code));
    }

    public Optional<Grade> find(String code) {
        return grades.stream().filter(grade -> grade.code().equals(code)).findFirst();
    }

    public List<String> codes() {
        return grades.stream().map(Grade::code).toList();
    }

    public record Grade(String code, String definition) {
    }
}
