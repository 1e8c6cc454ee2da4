package jp.renkei.web.plan;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import org.apache.lucene.analysis.ja.JapaneseTokenizer;
import org.apache.lucene.analysis.ja.tokenattributes.ReadingAttribute;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * How Japanese text reads, folded for comparison: 情報 and ｼﾞｮｳﾎｳ both become じょうほう. Kuromoji (Lucene's Japanese
 * morphological analyser, with its IPADIC dictionary) gives each word's reading in katakana; width is folded by NFKC
 * and katakana become hiragana, as the plan API folds its search.
 */
public final class Readings {

    private static final int KATAKANA_FIRST = 0x30A1;
    private static final int KATAKANA_LAST = 0x30F6;
    private static final int KATAKANA_TO_HIRAGANA = 0x60;

    private Readings() {
    }

    /** The folded reading of a text: words with a known reading by it, the others as written (folded). */
    public static String of(String text) {
        StringBuilder reading = new StringBuilder();
        try (JapaneseTokenizer tokenizer = new JapaneseTokenizer(null, true, JapaneseTokenizer.Mode.NORMAL)) {
            CharTermAttribute term = tokenizer.addAttribute(CharTermAttribute.class);
            ReadingAttribute word = tokenizer.addAttribute(ReadingAttribute.class);
            tokenizer.setReader(new StringReader(text));
            tokenizer.reset();
            while (tokenizer.incrementToken()) {
                reading.append(word.getReading() != null ? word.getReading() : term.toString());
            }
            tokenizer.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fold(reading.toString());
    }

    /** Full width for half-width forms, hiragana for katakana, lower case for Latin letters. */
    public static String fold(String text) {
        String normalized = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(java.util.Locale.ROOT);
        StringBuilder folded = new StringBuilder(normalized.length());
        normalized.codePoints().forEach(c -> folded.appendCodePoint(
                c >= KATAKANA_FIRST && c <= KATAKANA_LAST ? c - KATAKANA_TO_HIRAGANA : c));
        return folded.toString().replaceAll("\\s+", "");
    }

    /** Whether the text is only kana (after folding): a query that may be a reading of words in kanji. */
    public static boolean isKana(String folded) {
        return !folded.isEmpty() && folded.codePoints().allMatch(c -> (c >= 0x3041 && c <= 0x3096) || c == 0x30FC);
    }
}
