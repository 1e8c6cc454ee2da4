package jp.renkei.web.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import jp.renkei.web.api.ApiModels.Measure;
import org.junit.jupiter.api.Test;

class MeasureEditTest {

    private static final Measure BASE = measure(3, "広域連携", List.of("現状1", "現状2"), "方針", List.of("計画A"));

    @Test
    void theFormShowsTheMeasureOneParagraphALineAndNeedsAReason() {
        MeasureEdit edit = MeasureEdit.of(BASE);
        assertThat(edit.baseVersion()).isEqualTo(3);
        assertThat(edit.currentSituation()).isEqualTo("現状1\n現状2");
        assertThat(edit.problems()).containsOnlyKeys("reason");
        assertThat(withReason(edit, "  ").problems()).containsEntry("reason", "改訂理由を入力してください。");
        assertThat(withReason(edit, "理由").problems()).isEmpty();
    }

    @Test
    void thePatchCarriesOnlyTheSectionsTheEditorChangedWithTheReason() {
        MeasureEdit edit = new MeasureEdit(3L, "広域連携", "現状1\r\n\r\n  現状2  ", "新しい方針", "計画A", "理由");
        assertThat(edit.patchAgainst(BASE)).containsOnlyKeys("basicPolicy", "reason")
                .containsEntry("basicPolicy", "新しい方針");
        assertThat(withReason(MeasureEdit.of(BASE), "理由").patchAgainst(BASE)).as("nothing changed").isEmpty();
    }

    @Test
    void reappliedOntoANewerVersionMyChangesWinOnlyWhereIMadeThem() {
        MeasureEdit mine = new MeasureEdit(3L, "広域連携", "現状1\n現状2", "私の方針", "計画A", "理由");
        Measure theirs = measure(4, "広域連携（改）", List.of("現状1", "現状2"), "彼らの方針", List.of("計画A", "計画B"));

        MeasureEdit rebased = mine.rebasedOnto(BASE, theirs);

        assertThat(rebased.baseVersion()).isEqualTo(4);
        assertThat(rebased.basicPolicy()).isEqualTo("私の方針");
        assertThat(rebased.title()).isEqualTo("広域連携（改）");
        assertThat(rebased.relatedPlans()).isEqualTo("計画A\n計画B");
        assertThat(rebased.reason()).isEqualTo("理由");
    }

    @Test
    void overLongAndTooManyLinesAreNamedByTheirField() {
        MeasureEdit edit = new MeasureEdit(3L, "題".repeat(201), "行\n".repeat(51), "", "計".repeat(201), "理由");
        assertThat(edit.problems()).containsOnlyKeys("title", "currentSituation", "basicPolicy", "relatedPlans");
        assertThat(MeasureEdit.formField("currentSituation[2]")).isEqualTo("currentSituation");
        assertThat(MeasureEdit.formField("initiatives[0].items")).isEqualTo("title");
    }

    private static MeasureEdit withReason(MeasureEdit edit, String reason) {
        return new MeasureEdit(edit.baseVersion(), edit.title(), edit.currentSituation(), edit.basicPolicy(),
                edit.relatedPlans(), reason);
    }

    private static Measure measure(long version, String title, List<String> situation, String policy,
                                   List<String> plans) {
        return new Measure("abashiri-comprehensive-plan", 5, "5-2", "5-2-2", "5-2-2", title, situation, policy,
                List.of(), plans, List.of(), List.of(), "ADOPTED", version, null);
    }
}
