package jp.renkei.web.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReadingsTest {

    @ParameterizedTest(name = "{0} reads {1}")
    @CsvSource({
            "情報, じょうほう",
            "迅速な情報提供の推進, じんそくなじょうほうていきょうのすいしん",
            "パブリックコメント, ぱぶりっくこめんと",
            "ウェブ, うぇぶ"})
    void readsKanjiAndKanaAlike(String text, String reading) {
        assertThat(Readings.of(text)).isEqualTo(reading);
    }

    @ParameterizedTest(name = "{0} folds to {1}, kana only: {2}")
    @CsvSource({
            "ｼﾞｮｳﾎｳ, じょうほう, true",
            "ジョウホウ, じょうほう, true",
            "じょう ほう, じょうほう, true",
            "ﾃﾞｰﾀ, でーた, true",
            "情報, 情報, false",
            "ＷＥＢ, web, false"})
    void foldsWidthAndKanaAndTellsAReadingFromWords(String query, String folded, boolean kana) {
        assertThat(Readings.fold(query)).isEqualTo(folded);
        assertThat(Readings.isKana(Readings.fold(query))).isEqualTo(kana);
    }
}
