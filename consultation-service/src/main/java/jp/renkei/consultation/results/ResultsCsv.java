package jp.renkei.consultation.results;

import java.text.Normalizer;
import java.util.List;

/**
 * The published opinions as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheet software reads the Japanese
 * correctly). A cell a spreadsheet could take for a formula is prefixed with an apostrophe, so no opinion runs as one:
 * one that starts with = + - @, their full-width forms (＝ ＋ － ＠, which Japanese spreadsheets read alike), or a
 * TAB, CR or LF — also after leading spaces, full-width ones included.
 */
public final class ResultsCsv {

    private static final String FORMULA_LEADS = "=+-@";
    private static final List<String> HEADER = List.of("receiptNumber", "measureIds", "sectionId", "itemId", "text",
            "summarised", "redacted", "hidden", "hiddenReason", "groupId", "outcome", "outcomeLabel", "response");

    private ResultsCsv() {
    }

    public static String render(ConsultationResult result) {
        StringBuilder csv = new StringBuilder("\uFEFF");
        row(csv, HEADER);
        for (ConsultationResult.ResultOpinion o : result.opinions()) {
            row(csv, List.of(o.receiptNumber(), String.join(" ", o.measureIds()), nz(o.sectionId()), nz(o.itemId()),
                    nz(o.text()), Boolean.toString(o.summarised()), Boolean.toString(o.redacted()),
                    Boolean.toString(o.hidden()), nz(o.hiddenReason()), nz(o.groupId()), nz(o.outcome()),
                    nz(o.outcomeLabel()), nz(o.response())));
        }
        return csv.toString();
    }

    private static void row(StringBuilder csv, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            String cell = cells.get(i);
            if (couldRunAsFormula(cell)) {
                cell = "'" + cell;
            }
            csv.append('"').append(cell.replace("\"", "\"\"")).append('"');
        }
        csv.append("\r\n");
    }

    static boolean couldRunAsFormula(String cell) {
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

    private static String nz(String value) {
        return value == null ? "" : value;
    }
}
