package jp.renkei.plan.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import jp.renkei.contracts.plan.MeasureSnapshot.GlossaryTerm;
import jp.renkei.contracts.plan.MeasureSnapshot.Initiative;
import jp.renkei.contracts.plan.MeasureSnapshot.Item;
import org.junit.jupiter.api.Test;

class MeasureTest {

    private final MeasureContent content = new MeasureContent("広域連携", List.of("段落一。", "段落二。"), "基本方針。",
            List.of(new Initiative("5-2-2-a", "①", "さまざまな広域連携の推進", List.of(new Item("5-2-2-a-1", "近隣自治体との連携")))),
            List.of("網走市大空町定住自立圏共生ビジョン"), List.of(new GlossaryTerm("用語", "説明")), List.of("広域連携"));
    private final Measure measure = new Measure("abashiri", "plan", 5, "5-2", "5-2-2", "②", content,
            MeasureStatus.ADOPTED, 3, Instant.EPOCH, "seed-import");

    @Test
    void revisingMovesTheVersionOnByOneAndRecordsTheEditor() {
        Instant at = Instant.parse("2026-11-24T00:00:00Z");
        Measure revised = measure.revise(content, "editor-1", at);

        assertThat(revised.version()).isEqualTo(4);
        assertThat(revised.updatedBy()).isEqualTo("editor-1");
        assertThat(revised.updatedAt()).isEqualTo(at);
        assertThat(revised.status()).isEqualTo(MeasureStatus.ADOPTED);
    }

    @Test
    void namesExactlyTheSectionsThatChanged() {
        MeasureContent changed = new MeasureContent("広域連携（改）", content.currentSituation(), content.basicPolicy(),
                content.initiatives(), content.relatedPlans(), content.glossary(), List.of("広域連携", "定住自立圏"));

        assertThat(measure.changedSections(changed)).containsExactly("title", "tags");
        assertThat(measure.changedSections(content)).isEmpty();
    }

    @Test
    void aSnapshotCarriesTheContentTheStatusAndTheVersion() {
        var snapshot = measure.snapshot();

        assertThat(snapshot.measureId()).isEqualTo("5-2-2");
        assertThat(snapshot.title()).isEqualTo("広域連携");
        assertThat(snapshot.currentSituation()).containsExactly("段落一。", "段落二。");
        assertThat(snapshot.tags()).containsExactly("広域連携");
        assertThat(snapshot.status()).isEqualTo("ADOPTED");
        assertThat(snapshot.version()).isEqualTo(3);
    }
}
