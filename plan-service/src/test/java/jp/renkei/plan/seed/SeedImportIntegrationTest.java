package jp.renkei.plan.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.messaging.outbox.Outbox;
import jp.renkei.plan.measure.Measure;
import jp.renkei.plan.measure.MeasureContent;
import jp.renkei.plan.measure.MeasureService;
import jp.renkei.plan.measure.MeasureStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@ExtendWith({RenkeiInfrastructureExtension.class, OutputCaptureExtension.class})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, useMainMethod = SpringBootTest.UseMainMethod.ALWAYS,
        properties = "renkei.plan.outbox.sweep-interval=1h")
class SeedImportIntegrationTest {

    private static final String PLAN = "abashiri-comprehensive-plan";

    @Autowired
    SeedImporter importer;
    @Autowired
    MeasureService measures;
    @Autowired
    Outbox outbox;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RenkeiInfrastructure.shared().springProperties("plan-" + UUID.randomUUID())
                .forEach((name, value) -> registry.add(name, () -> value));
    }

    @Test
    void importingAgainChangesNothingAndKeepsStaffEditsWhileReportingTheDifference(CapturedOutput output) {
        List<Measure> before = measures.list(PLAN);
        assertThat(before).extracting(Measure::measureId).containsExactly("5-1-1", "5-1-2", "5-1-3", "5-2-1", "5-2-2");
        Measure edited = measures.get(PLAN, "5-1-1");
        MeasureContent content = edited.content();
        Measure staffEdit = measures.revise(PLAN, "5-1-1", edited.version(), new MeasureContent(content.title(),
                content.currentSituation(), "職員が書き換えた基本方針。", content.initiatives(), content.relatedPlans(),
                content.glossary(), content.tags()), "staff", null);
        List<String> pendingBefore = outbox.aggregatesWithPendingEvents();

        importer.afterSingletonsInstantiated();

        assertThat(measures.get(PLAN, "5-1-1").version()).isEqualTo(staffEdit.version());
        assertThat(measures.get(PLAN, "5-1-1").content().basicPolicy()).isEqualTo("職員が書き換えた基本方針。");
        for (Measure measure : before) {
            if (!measure.measureId().equals("5-1-1")) {
                assertThat(measures.get(PLAN, measure.measureId())).isEqualTo(measure);
            }
        }
        assertThat(outbox.aggregatesWithPendingEvents()).isSubsetOf(pendingBefore);
        assertThat(output.getOut()).contains("measure 5-1-1").contains("differs from its seed in [basicPolicy]");
        assertThat(MeasureStore.aggregateKey(PLAN, "5-1-1")).isEqualTo(PLAN + "/5-1-1");
    }
}
