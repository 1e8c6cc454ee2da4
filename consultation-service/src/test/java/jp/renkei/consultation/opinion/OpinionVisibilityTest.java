package jp.renkei.consultation.opinion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the public sees of an opinion: a moderator's summary where there is one, else the text with the redacted
 * passages removed, else the text as submitted; moderators redact from what was redacted before.
 */
class OpinionVisibilityTest {

    private static final Instant AT = Instant.parse("2026-12-06T00:00:00Z");
    private static final String TEXT = "大空町との連携を強めてください。連絡先は090-1234-5678です。";
    private static final String REDACTED = "大空町との連携を強めてください。連絡先は［削除］です。";
    private static final String SUMMARY = "大空町との連携の強化を求める意見";

    private final Opinion submitted = new Opinion("o-1", "c-1", "PC-2026-001-00042", 42, List.of("5-2-2"), null, null,
            TEXT, AT, "hash", null, null, null, null, null, 1, List.of());

    @Test
    void theSubmittedTextIsPublicUntilAModeratorChangesIt() {
        assertThat(submitted.publicText()).isEqualTo(TEXT);
        assertThat(submitted.currentText()).isEqualTo(TEXT);
        assertThat(submitted.isHidden()).isFalse();
    }

    @Test
    void aRedactionReplacesTheTextForThePublicAndForTheNextRedaction() {
        Opinion redacted = submitted.redacted(REDACTED);

        assertThat(redacted.publicText()).isEqualTo(REDACTED);
        assertThat(redacted.currentText()).isEqualTo(REDACTED);
        assertThat(redacted.text()).isEqualTo(TEXT);
        assertThat(redacted.version()).isEqualTo(2);
    }

    @Test
    void aSummaryIsWhatThePublicSeesWhateverWasRedacted() {
        assertThat(submitted.summarised(SUMMARY).publicText()).isEqualTo(SUMMARY);
        assertThat(submitted.redacted(REDACTED).summarised(SUMMARY).publicText()).isEqualTo(SUMMARY);
        assertThat(submitted.summarised(SUMMARY).currentText()).isEqualTo(TEXT);
    }

    @Test
    void aHiddenOpinionSaysSo() {
        Opinion hidden = submitted.hide(new Hiding(HideReason.values()[0], "個人への誹謗", "moderator-1", AT));

        assertThat(hidden.isHidden()).isTrue();
        assertThat(hidden.version()).isEqualTo(2);
    }

    @Test
    void eachModerationStepIsANewVersionThatKeepsTheText() {
        CityResponse response = new CityResponse(Outcome.values()[0], "ご意見を踏まえ連携を進めます。", "moderator-1", AT);

        Opinion grouped = submitted.grouped("group-1");
        Opinion answered = grouped.answered(response);
        Opinion summarised = answered.summarised(SUMMARY);

        assertThat(grouped.groupId()).isEqualTo("group-1");
        assertThat(grouped.version()).isEqualTo(2);
        assertThat(answered.response()).isEqualTo(response);
        assertThat(answered.groupId()).isEqualTo("group-1");
        assertThat(answered.version()).isEqualTo(3);
        assertThat(summarised.version()).isEqualTo(4);
        assertThat(summarised.response()).isEqualTo(response);
        assertThat(summarised.text()).isEqualTo(TEXT);
    }
}
