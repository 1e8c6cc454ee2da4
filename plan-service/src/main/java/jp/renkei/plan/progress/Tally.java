package jp.renkei.plan.progress;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A roll-up of some measures' progress in one fiscal year (an area's, a goal's).
 *
 * @param measuresByGrade         published evaluations of the year, per grade (every configured grade present)
 * @param unevaluatedMeasures     measures without a published evaluation of the year
 * @param averageAchievement      mean achievement of the measures that have one in the year; null if none has
 * @param indicatorsWithoutActual active indicators with no actual for the year, as measureId/indicatorId
 */
public record Tally(int measures, Map<String, Integer> measuresByGrade, int unevaluatedMeasures,
                    BigDecimal averageAchievement, List<String> indicatorsWithoutActual) {

    /** The tally of these measures (each with its progress, empty where none was recorded) in the year. */
    public static Tally of(List<Progress> measures, FiscalYear year, List<String> gradeCodes) {
        Map<String, Integer> byGrade = new LinkedHashMap<>();
        gradeCodes.forEach(code -> byGrade.put(code, 0));
        int unevaluated = 0;
        List<String> withoutActual = new ArrayList<>();
        for (Progress progress : measures) {
            var published = progress.publishedEvaluation(year);
            if (published.isPresent()) {
                byGrade.merge(published.get().grade(), 1, Integer::sum);
            } else {
                unevaluated++;
            }
            progress.withoutActual(year).forEach(indicator ->
                    withoutActual.add(progress.measure().measureId() + "/" + indicator.indicatorId()));
        }
        BigDecimal average = AchievementRate.mean(measures.stream().map(progress -> progress.achievement(year))
                .filter(Objects::nonNull).toList());
        return new Tally(measures.size(), byGrade, unevaluated, average, withoutActual);
    }
}
