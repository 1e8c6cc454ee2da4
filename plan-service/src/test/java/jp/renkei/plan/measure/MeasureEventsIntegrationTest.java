package jp.renkei.plan.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import jp.renkei.contracts.events.Topics;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.localstack.test.TopicReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The edit path wired to the messaging module's relay, against a real store and broker: every revision reaches
 * {@code renkei.plan.events}, keyed by the measure, in version order. The relay's own guarantees (a restart, two
 * instances, a relay killed mid-batch) are tested once, in the messaging module.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, useMainMethod = SpringBootTest.UseMainMethod.ALWAYS,
        properties = "renkei.plan.outbox.sweep-interval=1h")
class MeasureEventsIntegrationTest {

    private static final String PLAN = "abashiri-comprehensive-plan";

    @Autowired
    MeasureService measures;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RenkeiInfrastructure.shared().springProperties("plan-" + UUID.randomUUID())
                .forEach((name, value) -> registry.add(name, () -> value));
    }

    @Test
    void aThousandRevisionsOfOneMeasureArriveInVersionOrder() {
        Measure measure = measures.create(new NewMeasure("abashiri", PLAN, 5, "5-2", "o-" + UUID.randomUUID().toString()
                .substring(0, 8), "⑨", content("初版"), MeasureStatus.DRAFT), "editor", null);
        Measure current = measure;
        for (int i = 1; i <= 1000; i++) {
            current = measures.revise(PLAN, measure.measureId(), current.version(),
                    content("改訂 " + i + " 回目：全角１２３と①を含む"), "editor", "第" + i + "版");
        }

        try (TopicReader topic = new TopicReader(Topics.PLAN_EVENTS)) {
            List<Long> sequences = await().atMost(Duration.ofSeconds(90)).until(
                    () -> topic.poll(event -> measure.measureId().equals(event.key())).stream()
                            .map(TopicReader.Record::sequence).toList(),
                    arrived -> arrived.size() >= 1001);
            assertThat(sequences).isEqualTo(LongStream.rangeClosed(1, 1001).boxed().toList());
        }
    }

    private static MeasureContent content(String basicPolicy) {
        return new MeasureContent("アウトボックスの検証", List.of("現状。"), basicPolicy, List.of(), List.of(), List.of(),
                List.of("広域連携"));
    }
}
