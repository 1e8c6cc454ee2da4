package jp.renkei.web.desk;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jp.renkei.web.api.ApiModels.Measure;

/**
 * The desk's measure form: the sections an editor revises in words (title, current situation, basic policy, related
 * plans; one paragraph or plan a line), the reason (改訂理由), and the version the editor started from.
 */
public record MeasureEdit(Long baseVersion, String title, String currentSituation, String basicPolicy,
                          String relatedPlans, String reason) {

    static final int MAX_TITLE = 200;
    static final int MAX_PARAGRAPH = 5000;
    static final int MAX_RELATED_PLAN = 200;
    static final int MAX_LINES = 50;
    static final int MAX_REASON = 500;

    /** The measure as it stands, to edit; the reason is the editor's to write. */
    static MeasureEdit of(Measure measure) {
        return new MeasureEdit(measure.version(), measure.title(), lines(measure.currentSituation()),
                measure.basicPolicy(), lines(measure.relatedPlans()), null);
    }

    /** What is wrong with the form, by field; nothing when it may be sent. */
    Map<String, String> problems() {
        Map<String, String> problems = new LinkedHashMap<>();
        if (baseVersion == null || baseVersion < 1) {
            problems.put("title", "編集を始めた版が分かりません。編集画面を開き直してください。");
        }
        if (blank(title)) {
            problems.put("title", "施策名を入力してください。");
        } else if (length(title) > MAX_TITLE) {
            problems.put("title", "施策名は" + MAX_TITLE + "文字以内で入力してください。");
        }
        checkLines(problems, "currentSituation", "現状と課題", currentSituation, MAX_PARAGRAPH);
        if (blank(basicPolicy)) {
            problems.put("basicPolicy", "基本方針を入力してください。");
        } else if (length(basicPolicy) > MAX_PARAGRAPH) {
            problems.put("basicPolicy", "基本方針は" + MAX_PARAGRAPH + "文字以内で入力してください。");
        }
        checkLines(problems, "relatedPlans", "関連する個別計画", relatedPlans, MAX_RELATED_PLAN);
        if (blank(reason)) {
            problems.put("reason", "改訂理由を入力してください。");
        } else if (length(reason) > MAX_REASON) {
            problems.put("reason", "改訂理由は" + MAX_REASON + "文字以内で入力してください。");
        }
        return problems;
    }

    /** The measure with this form's sections in place of its own: what the diff preview compares. */
    Measure appliedTo(Measure measure) {
        return new Measure(measure.planId(), measure.goalNumber(), measure.areaId(), measure.measureId(),
                measure.number(), title.strip(), split(currentSituation), basicPolicy.strip(), measure.initiatives(),
                split(relatedPlans), measure.glossary(), measure.tags(), measure.status(), measure.version(),
                measure.updatedAt());
    }

    /**
     * A JSON merge patch of only the sections this form changed from {@code base}, with the reason: applied to a
     * newer version, it keeps what someone else changed in the other sections.
     */
    Map<String, Object> patchAgainst(Measure base) {
        Measure edited = appliedTo(base);
        Map<String, Object> patch = new LinkedHashMap<>();
        if (!edited.title().equals(base.title())) {
            patch.put("title", edited.title());
        }
        if (!edited.currentSituation().equals(orEmpty(base.currentSituation()))) {
            patch.put("currentSituation", edited.currentSituation());
        }
        if (!edited.basicPolicy().equals(base.basicPolicy())) {
            patch.put("basicPolicy", edited.basicPolicy());
        }
        if (!edited.relatedPlans().equals(orEmpty(base.relatedPlans()))) {
            patch.put("relatedPlans", edited.relatedPlans());
        }
        if (!patch.isEmpty()) {
            patch.put("reason", reason.strip());
        }
        return patch;
    }

    /**
     * This editor's changes from {@code base} re-applied onto {@code theirs} (a version someone else saved in
     * between): the sections this editor changed keep this editor's text, the others take theirs.
     */
    MeasureEdit rebasedOnto(Measure base, Measure theirs) {
        Map<String, Object> mine = patchAgainst(base);
        MeasureEdit current = of(theirs);
        return new MeasureEdit(theirs.version(),
                mine.containsKey("title") ? title : current.title(),
                mine.containsKey("currentSituation") ? currentSituation : current.currentSituation(),
                mine.containsKey("basicPolicy") ? basicPolicy : current.basicPolicy(),
                mine.containsKey("relatedPlans") ? relatedPlans : current.relatedPlans(), reason);
    }

    /** The form field an API error names: {@code currentSituation[2]} is the currentSituation box. */
    static String formField(String apiField) {
        String field = apiField == null ? "" : apiField.replaceAll("\\[.*$", "").replaceAll("\\..*$", "");
        return List.of("title", "currentSituation", "basicPolicy", "relatedPlans", "reason").contains(field) ? field
                : "title";
    }

    private static void checkLines(Map<String, String> problems, String field, String name, String text, int max) {
        List<String> lines = split(text);
        if (lines.size() > MAX_LINES) {
            problems.put(field, name + "は" + MAX_LINES + "行以内で入力してください。");
        } else if (lines.stream().anyMatch(line -> length(line) > max)) {
            problems.put(field, name + "の各行は" + max + "文字以内で入力してください。");
        }
    }

    /** One paragraph a line; blank lines and the spaces around each line do not count. */
    static List<String> split(String text) {
        return text == null ? List.of() : Arrays.stream(text.split("\\R")).map(String::strip)
                .filter(line -> !line.isEmpty()).toList();
    }

    private static String lines(List<String> lines) {
        return lines == null ? "" : String.join("\n", lines);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static int length(String text) {
        String stripped = Objects.requireNonNull(text).strip();
        return stripped.codePointCount(0, stripped.length());
    }
}
