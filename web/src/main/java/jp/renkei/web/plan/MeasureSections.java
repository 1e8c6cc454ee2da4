package jp.renkei.web.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jp.renkei.contracts.plan.MeasureSnapshot;
import jp.renkei.web.api.ApiModels.Measure;

/** A measure as lines of text per section, under the headings the printed plan uses: what a diff compares. */
public final class MeasureSections {

    private MeasureSections() {
    }

    /** Section heading → its lines, in the order the page shows them. */
    public static Map<String, List<String>> of(Measure measure) {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        sections.put("施策名 Title", List.of(Objects.toString(measure.title(), "")));
        sections.put("現状と課題 Current situation", orEmpty(measure.currentSituation()));
        sections.put("基本方針 Basic policy", measure.basicPolicy() == null ? List.of() : List.of(measure.basicPolicy()));
        List<String> initiatives = new ArrayList<>();
        for (MeasureSnapshot.Initiative initiative : orEmpty(measure.initiatives())) {
            initiatives.add(Objects.toString(initiative.number(), "") + " " + initiative.category());
            for (MeasureSnapshot.Item item : orEmpty(initiative.items())) {
                initiatives.add("・" + item.text());
            }
        }
        sections.put("施策の展開 Initiatives", initiatives);
        sections.put("関連する個別計画 Related plans", orEmpty(measure.relatedPlans()));
        sections.put("用語解説 Glossary", orEmpty(measure.glossary()).stream()
                .map(term -> term.term() + "：" + term.definition()).toList());
        sections.put("状態 Status", List.of(Objects.toString(measure.status(), "")));
        return sections;
    }

    /** Each section's lines as removed, added or kept, only for the sections that changed. */
    public static Map<String, List<LineDiff.Line>> diff(Measure before, Measure after) {
        Map<String, List<String>> from = of(before);
        Map<String, List<String>> to = of(after);
        Map<String, List<LineDiff.Line>> changes = new LinkedHashMap<>();
        from.forEach((section, lines) -> {
            if (!lines.equals(to.get(section))) {
                changes.put(section, LineDiff.between(lines, to.get(section)));
            }
        });
        return changes;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
