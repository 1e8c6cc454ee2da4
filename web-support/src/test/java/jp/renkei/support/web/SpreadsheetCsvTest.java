package jp.renkei.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Text in a CSV is written by anyone (opinions, comments): none may run as a spreadsheet formula when opened. */
class SpreadsheetCsvTest {

    @ParameterizedTest
    @ValueSource(strings = {"=1+1", "+81 90", "-2", "@SUM(A1)", "＝HYPERLINK(\"x\")", "＋1", "－1", "＠A1",
        "\t=1", "\r=1", "\n=1", " =1", "　=1", "\u3000＠x", "\tplain"})
    void aCellASpreadsheetCouldRunIsDefused(String cell) {
        assertThat(SpreadsheetCsv.couldRunAsFormula(cell)).isTrue();
    }

    @Test
    void cellsAreQuotedAndDefusedNumbersStayNumbersAndTheFileStartsWithABom() {
        String csv = new SpreadsheetCsv(List.of("text", "count", "rate"))
                .row(Arrays.asList("＝HYPERLINK(\"http://x\",\"詳細\")", 3, new BigDecimal("-12.50")))
                .row(Arrays.asList("\t=cmd", null, null)).toString();

        assertThat(csv).isEqualTo("\uFEFF\"text\",\"count\",\"rate\"\r\n"
                + "\"'＝HYPERLINK(\"\"http://x\"\",\"\"詳細\"\")\",3,-12.50\r\n"
                + "\"'\t=cmd\",\"\",\"\"\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "情報の公開を早めてください", "1+1=2", "a=b", "50%", "'quoted", "（＝注）"})
    void ordinaryTextIsLeftAlone(String cell) {
        assertThat(SpreadsheetCsv.couldRunAsFormula(cell)).isFalse();
    }
}
