package jp.renkei.inbox.processing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EventSummaryTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void progressEventsSayWhatChanged() {
        assertThat(EventSummary.of(JSON.readTree("""
                {"type": "jp.renkei.plan.indicator.created.v1", "data": {"indicator":
                  {"indicatorId": "5-2-2-a", "name": "連携事業の数", "unit": "事業"}}}""")))
                .isEqualTo("成果指標設定 5-2-2-a 連携事業の数 (事業)");
        assertThat(EventSummary.of(JSON.readTree("""
                {"type": "jp.renkei.plan.actual.recorded.v1", "data": {"fiscalYearLabel": "令和6年度",
                  "indicatorId": "5-2-2-a", "value": 21, "actualVersion": 2}}""")))
                .isEqualTo("実績値 令和6年度 5-2-2-a = 21 (訂正 v2)");
        assertThat(EventSummary.of(JSON.readTree("""
                {"type": "jp.renkei.plan.evaluation.published.v1", "data": {"fiscalYearLabel": "令和7年度",
                  "measureId": "5-2-2", "grade": "B", "achievementRate": 75.0}}""")))
                .isEqualTo("施策評価 令和7年度 5-2-2 評価 B 達成率 75.0%");
    }

    @Test
    void otherEventsHaveNone() {
        assertThat(EventSummary.of(JSON.readTree("{\"type\": \"jp.renkei.plan.measure.revised.v1\", \"data\": {}}")))
                .isEmpty();
    }
}
