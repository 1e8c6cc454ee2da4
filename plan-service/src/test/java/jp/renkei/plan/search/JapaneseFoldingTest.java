package jp.renkei.plan.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JapaneseFoldingTest {

    @Test
    void halfWidthKatakanaHiraganaAndFullWidthKatakanaFoldAlike() {
        assertThat(JapaneseFolding.fold("ﾜｰｸﾗｲﾌ")).isEqualTo("ワークライフ");
        assertThat(JapaneseFolding.fold("わーくらいふ")).isEqualTo("ワークライフ");
        assertThat(JapaneseFolding.fold("ワークライフバランス")).contains(JapaneseFolding.fold("ﾜｰｸﾗｲﾌ"));
    }

    @Test
    void fullWidthDigitsAndLettersAndSpacesFold() {
        assertThat(JapaneseFolding.fold("ＪＲ北海道　１２３")).isEqualTo("jr北海道123");
        assertThat(JapaneseFolding.fold("ﾊﾟﾌﾞﾘｯｸ ｺﾒﾝﾄ")).isEqualTo("パブリックコメント");
    }
}
