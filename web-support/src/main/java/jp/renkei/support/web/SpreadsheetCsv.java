package jp.renkei.support.web;

import java.text.Normalizer;
import java.util.List;

/**
 * CSV that spreadsheet software in Japan opens as intended (RFC 4180, UTF-8 with a byte-order mark so Excel reads
 * the Japanese correctly). A cell a spreadsheet could take for a formula is prefixed with an apostrophe, so no text
 * runs as one: one that starts with = + - @, their full-width forms (＝ ＋ － ＠, which Japanese spreadsheets read
 * alike), or a TAB, CR or LF — also after leading spaces, full-width ones included. A cell that is a
 * {@link Number} is written unquoted as it is, so that a negative one stays a number; null is an empty cell.
 */
public final class SpreadsheetCsv {

    private static final String FORMULA_LEADS = "=+-@";

    private final StringBuilder csv = new StringBuilder("\uFEFF");

    public SpreadsheetCsv(List<String> header) {
        row(header);
    }

    /** Appends a row: numbers as they are, anything else as text, quoted and defused. */
    public SpreadsheetCsv row(List<?> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            Object value = cells.get(i);
            if (value instanceof java.math.BigDecimal decimal) {
                csv.append(decimal.toPlainString());
                continue;
            }
            if (value instanceof Number number) {
                csv.append(number);
                continue;
            }
            String cell = value == null ? "" : value.toString();
            if (couldRunAsFormula(cell)) {
                cell = "'" + cell;
            }
            csv.append('"').append(cell.replace("\"", "\"\"")).append('"');
        }
        csv.append("\r\n");
        return this;
    }

    @Override
    public String toString() {
        return csv.toString();
    }

    public static boolean couldRunAsFormula(String cell) {
        int first = 0;
        while (first < cell.length() && (cell.charAt(first) == ' ' || cell.charAt(first) == '\u3000')) {
            first++;
        }
        if (first == cell.length()) {
            return false;
        }
        char lead = cell.charAt(first);
        if (lead == '\t' || lead == '\r' || lead == '\n') {
            return true;
        }
        String folded = Normalizer.normalize(String.valueOf(lead), Normalizer.Form.NFKC);
        return !folded.isEmpty() && FORMULA_LEADS.indexOf(folded.charAt(0)) >= 0;
    }
}
