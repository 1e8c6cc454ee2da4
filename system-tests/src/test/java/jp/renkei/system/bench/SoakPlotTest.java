package jp.renkei.system.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SoakPlotTest {

    private static final String CSV = SoakPlot.csv(List.of("minute", "heap MiB", "backlog"),
            List.of(new double[] {1, 100, 0}, new double[] {2, 110.5, 40}, new double[] {3, 105, 20}));

    @Test
    void writesTheSamplesAsCsvAndReadsThemBack() {
        assertThat(CSV).isEqualTo("minute,heap MiB,backlog\n1,100,0\n2,110.50,40\n3,105,20\n");
        assertThat(SoakPlot.columns(CSV)).containsExactly("minute", "heap MiB", "backlog");
        assertThat(SoakPlot.rows(CSV)).hasSize(3).last().satisfies(row -> assertThat(row).containsExactly(3, 105, 20));
    }

    @Test
    void refusesAColumnNameThatWouldSplitTheHeader() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SoakPlot.csv(List.of("minute", "backlog, healthy"),
                List.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backlog, healthy");
    }

    @Test
    void plotsEachColumnAgainstTheFirstFromZeroToItsOwnMaximum() {
        String svg = SoakPlot.svg("soak <50/s>", CSV);

        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>\n")
                .contains("soak &lt;50/s&gt;", ">heap MiB<", ">backlog<");
        Matcher polylines = Pattern.compile("points=\"([^\"]*)\"").matcher(svg);
        assertThat(polylines.find()).isTrue();
        String[] heap = polylines.group(1).split(" ");
        assertThat(polylines.find()).isTrue();
        String[] backlog = polylines.group(1).split(" ");
        assertThat(polylines.find()).as("one line per column after the first").isFalse();
        assertThat(heap).hasSize(3);
        // x from the left edge (70) to the right (620); the panel's top is its maximum times 1.1
        assertThat(heap[0]).startsWith("70.0,");
        assertThat(heap[2]).startsWith("620.0,");
        double heapTop = 40;
        double heapBottom = heapTop + 110;
        assertThat(Double.parseDouble(heap[1].split(",")[1])).isCloseTo(heapBottom - 110.5 / (110.5 * 1.1) * 110,
                org.assertj.core.data.Offset.offset(0.1));
        assertThat(backlog[0]).as("0 sits on the axis of the second panel").isEqualTo("70.0,300.0");
    }
}
