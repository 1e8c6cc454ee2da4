package jp.renkei.plan.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An edit starts from the measure this instance wrote last when the editor names that version: what another instance
 * wrote since is never overwritten — an edit of the remembered version is refused as stale, and one of the other
 * instance's version starts from what that instance wrote.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, useMainMethod = SpringBootTest.UseMainMethod.ALWAYS,
        properties = "renkei.plan.outbox.sweep-interval=1h")
class RememberedMeasuresIntegrationTest {

    private static final String PLAN = "abashiri-comprehensive-plan";

    @Autowired
    MeasureService measures;

    @Autowired
    MeasureStore store;

    @Autowired
    MeasureEvents events;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RenkeiInfrastructure.shared().springProperties("plan-" + UUID.randomUUID())
                .forEach((name, value) -> registry.add(name, () -> value));
    }

    @Test
    void aVersionAnotherInstanceWroteIsNeitherOverwrittenNorMissed() {
        Measure created = measures.create(new NewMeasure("abashiri", PLAN, 5, "5-2", "r-" + UUID.randomUUID()
                .toString().substring(0, 8), "⑨", content("初版"), MeasureStatus.DRAFT), "editor", null);
        Measure mine = measures.revise(PLAN, created.measureId(), 1, content("この実体の第２版"), "editor", null);
        // another instance of the service moves the measure on, straight through the store
        Measure theirs = mine.revise(content("別の実体の第３版"), "other-editor", mine.updatedAt());
        assertThat(store.replace(theirs, 2, events.revised(mine, theirs, List.of("basicPolicy"), null, null)))
                .isTrue();

        assertThatThrownBy(() -> measures.revise(PLAN, created.measureId(), 2, content("上書きの試み"), "editor", null))
                .isInstanceOf(StaleVersionException.class);
        assertThat(store.find(PLAN, created.measureId())).contains(theirs);

        Measure next = measures.revise(PLAN, created.measureId(), 3, content("この実体の第４版"), "editor", null);
        assertThat(next.version()).isEqualTo(4);
        assertThat(store.find(PLAN, created.measureId())).contains(next);
        assertThat(measures.revise(PLAN, created.measureId(), 4, content("この実体の第５版"), "editor", null)
                .content().basicPolicy()).isEqualTo("この実体の第５版");
    }

    private static MeasureContent content(String basicPolicy) {
        return new MeasureContent("実体をまたぐ編集", List.of("現状。"), basicPolicy, List.of(), List.of(), List.of(),
                List.of("広域連携"));
    }
}
