package jp.renkei.plan.search;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Folds the ways one Japanese word is written into one form, so that a search finds it however it was typed:
 * half-width katakana and full-width alphanumerics become standard width (NFKC), hiragana becomes katakana, Latin
 * letters become lower case, and white space disappears. {@code ﾜｰｸﾗｲﾌ}, {@code わーくらいふ} and
 * {@code ワークライフ} all fold to {@code ワークライフ}.
 */
public final class JapaneseFolding {

    private static final int HIRAGANA_FIRST = 0x3041;
    private static final int HIRAGANA_LAST = 0x3096;
    private static final int KATAKANA_OFFSET = 0x60;

    private JapaneseFolding() {
    }

    public static String fold(String text) {
        String normalized = Normalizer.normalize(text, Normalizer.Form.NFKC);
        StringBuilder folded = new StringBuilder(normalized.length());
        normalized.codePoints().forEach(codePoint -> {
            if (Character.isWhitespace(codePoint)) {
                return;
            }
            if (codePoint >= HIRAGANA_FIRST && codePoint <= HIRAGANA_LAST) {
                folded.appendCodePoint(codePoint + KATAKANA_OFFSET);
            } else {
                folded.appendCodePoint(codePoint);
            }
        });
        return folded.toString().toLowerCase(Locale.ROOT);
    }
}
