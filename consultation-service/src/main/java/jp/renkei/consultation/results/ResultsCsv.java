package jp.renkei.consultation.results;

import java.util.List;

/**
 * The published opinions as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheet software reads the Japanese
 * correctly). A cell starting with = + - @ is prefixed with an apostrophe, so no opinion runs as a formula.
 */
public final class ResultsCsv {

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
            if (!cell.isEmpty() && "=+-@".indexOf(cell.charAt(0)) >= 0) {
                cell = "'" + cell;
            }
            csv.append('"').append(cell.replace("\"", "\"\"")).append('"');
        }
        csv.append("\r\n");
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }
}
