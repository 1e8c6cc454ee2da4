package jp.renkei.consultation.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import jp.renkei.consultation.opinion.HideReason;
import jp.renkei.consultation.opinion.Hiding;
import jp.renkei.consultation.opinion.Opinion;
import org.junit.jupiter.api.Test;

/** Moderators see the submitted text beside what the public will see, and a hidden opinion shows the public nothing. */
class ModeratorOpinionViewTest {

    private static final Instant AT = Instant.parse("2026-12-06T00:00:00Z");
    private final Opinion opinion = new Opinion("o-1", "c-1", "PC-2026-001-00042", 42, List.of("5-2-2"), null, null,
            "原文です。", AT, "hash", null, "公開文です。", null, null, null, 3, List.of());

    @Test
    void showsTheSubmittedTextAndThePublicOne() {
        ModeratorOpinionView view = ModeratorOpinionView.of(opinion);

        assertThat(view.text()).isEqualTo("原文です。");
        assertThat(view.publicText()).isEqualTo("公開文です。");
        assertThat(view.receiptNumber()).isEqualTo("PC-2026-001-00042");
        assertThat(view.version()).isEqualTo(3);
    }

    @Test
    void aHiddenOpinionHasNoPublicText() {
        Hiding hiding = new Hiding(HideReason.values()[0], "個人への誹謗", "moderator-1", AT);
        ModeratorOpinionView view = ModeratorOpinionView.of(opinion.hide(hiding));

        assertThat(view.publicText()).isNull();
        assertThat(view.text()).isEqualTo("原文です。");
        assertThat(view.hidden()).isEqualTo(hiding);
    }
}
