package jp.renkei.consultation.web;

import java.util.List;
import jp.renkei.consultation.results.ConsultationResult;
import jp.renkei.support.web.SpreadsheetCsv;

/**
 * The published opinions as CSV that spreadsheet software in Japan opens as intended (UTF-8 with a byte-order mark),
 * no opinion able to run as a formula (see {@link SpreadsheetCsv}).
 */
public final class ResultsCsv {

    private static final List<String> HEADER = List.of("receiptNumber", "measureIds", "sectionId", "itemId", "text",
            "summarised", "redacted", "hidden", "hiddenReason", "groupId", "outcome", "outcomeLabel", "response");

    private ResultsCsv() {
    }

    public static String render(ConsultationResult result) {
        SpreadsheetCsv csv = new SpreadsheetCsv(HEADER);
        for (ConsultationResult.ResultOpinion o : result.opinions()) {
            csv.row(List.of(o.receiptNumber(), String.join(" ", o.measureIds()), nz(o.sectionId()), nz(o.itemId()),
                    nz(o.text()), Boolean.toString(o.summarised()), Boolean.toString(o.redacted()),
                    Boolean.toString(o.hidden()), nz(o.hiddenReason()), nz(o.groupId()), nz(o.outcome()),
                    nz(o.outcomeLabel()), nz(o.response())));
        }
        return csv.toString();
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }
}
