package jp.renkei.system.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Samples as CSV (a header, then one row of numbers per sample, the first column the x axis) and as an SVG with one
 * small line chart per column, stacked, each from 0 to its own maximum: enough to see whether something grows without
 * levelling off. No plotting library: the SVG is a few polylines.
 */
final class SoakPlot {

    private static final int WIDTH = 640;
    private static final int PANEL = 110;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int GAP = 40;

    private SoakPlot() {
    }

    /** The columns and rows as CSV, numbers in the root locale. */
    static String csv(List<String> columns, List<double[]> rows) {
        columns.stream().filter(column -> column.contains(",") || column.contains("\n")).findFirst().ifPresent(column -> {
            throw new IllegalArgumentException("a column name with a comma or a line break: " + column);
        });
        StringBuilder text = new StringBuilder(String.join(",", columns)).append('\n');
        for (double[] row : rows) {
            List<String> cells = new ArrayList<>();
            for (double value : row) {
                cells.add(number(value));
            }
            text.append(String.join(",", cells)).append('\n');
        }
        return text.toString();
    }

    /** The rows of a CSV written by {@link #csv}; the header is left out. */
    static List<double[]> rows(String csv) {
        List<double[]> rows = new ArrayList<>();
        List<String> lines = csv.lines().filter(line -> !line.isBlank()).toList();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            double[] row = new double[cells.length];
            for (int i = 0; i < cells.length; i++) {
                row[i] = Double.parseDouble(cells[i].trim());
            }
            rows.add(row);
        }
        return rows;
    }

    static List<String> columns(String csv) {
        return List.of(csv.lines().findFirst().orElseThrow().split(","));
    }

    /** One panel per column after the first, plotted against the first. */
    static String svg(String title, String csv) {
        List<String> columns = columns(csv);
        List<double[]> rows = rows(csv);
        int panels = columns.size() - 1;
        int height = TOP + panels * (PANEL + GAP);
        double xMax = rows.stream().mapToDouble(row -> row[0]).max().orElse(1);
        double xMin = rows.stream().mapToDouble(row -> row[0]).min().orElse(0);
        double xSpan = xMax > xMin ? xMax - xMin : 1;
        int plotWidth = WIDTH - LEFT - RIGHT;
        StringBuilder svg = new StringBuilder()
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"11\">\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n")
                .append("<text x=\"").append(LEFT).append("\" y=\"20\" font-size=\"14\">").append(escape(title))
                .append("</text>\n");
        for (int column = 1; column <= panels; column++) {
            int top = TOP + (column - 1) * (PANEL + GAP);
            int bottom = top + PANEL;
            final int c = column;
            double yMax = rows.stream().mapToDouble(row -> row[c]).max().orElse(0);
            double yTop = yMax > 0 ? yMax * 1.1 : 1;
            svg.append("<text x=\"").append(LEFT).append("\" y=\"").append(top - 6).append("\">")
                    .append(escape(columns.get(column))).append("</text>\n")
                    .append("<line x1=\"").append(LEFT).append("\" y1=\"").append(bottom).append("\" x2=\"")
                    .append(WIDTH - RIGHT).append("\" y2=\"").append(bottom).append("\" stroke=\"#999\"/>\n")
                    .append("<line x1=\"").append(LEFT).append("\" y1=\"").append(top).append("\" x2=\"").append(LEFT)
                    .append("\" y2=\"").append(bottom).append("\" stroke=\"#999\"/>\n")
                    .append("<text x=\"").append(LEFT - 4).append("\" y=\"").append(top + 4)
                    .append("\" text-anchor=\"end\">").append(number(yTop)).append("</text>\n")
                    .append("<text x=\"").append(LEFT - 4).append("\" y=\"").append(bottom)
                    .append("\" text-anchor=\"end\">0</text>\n")
                    .append("<text x=\"").append(WIDTH - RIGHT).append("\" y=\"").append(bottom + 14)
                    .append("\" text-anchor=\"end\">").append(escape(columns.get(0))).append(' ')
                    .append(number(xMax)).append("</text>\n")
                    .append("<polyline fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"1.5\" points=\"");
            List<String> points = new ArrayList<>();
            for (double[] row : rows) {
                double x = LEFT + (row[0] - xMin) / xSpan * plotWidth;
                double y = bottom - row[column] / yTop * PANEL;
                points.add(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
            }
            svg.append(String.join(" ", points)).append("\"/>\n");
        }
        return svg.append("</svg>\n").toString();
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
