package jp.renkei.consultation.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import jp.renkei.consultation.results.ConsultationResult;
import org.junit.jupiter.api.Test;

/** Opinions are written by anyone: none may run as a spreadsheet formula when staff open the results. */
class ResultsCsvTest {

    @Test
    void theRenderedOpinionIsDefusedAndQuoted() {
        ConsultationResult.ResultOpinion opinion = new ConsultationResult.ResultOpinion("PC-2026-001-0001",
                List.of("5-1-3"), null, null, "＝HYPERLINK(\"http://x\",\"詳細\")", false, false, false, null, null,
                null, null, "\t=cmd");
        ConsultationResult result = new ConsultationResult("c", "PC-2026-001", "t", "p", List.of(), null, null,
                LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 30), 30, null, Instant.EPOCH, 1, 1, 0, false, null,
                Map.of(), List.of(opinion), List.of(), List.of());

        String csv = ResultsCsv.render(result);

        assertThat(csv).startsWith("\uFEFF\"receiptNumber\"")
                .contains("\"'＝HYPERLINK(\"\"http://x\"\",\"\"詳細\"\")\"")
                .contains("\"'\t=cmd\"");
    }
}
