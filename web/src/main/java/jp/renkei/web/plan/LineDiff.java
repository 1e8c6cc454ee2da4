package jp.renkei.web.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines two texts share and the ones removed or added, in reading order: a longest-common-subsequence diff, which
 * for a measure's sections (a few dozen lines) costs nothing worth caching.
 */
public final class LineDiff {

    public enum Kind { SAME, REMOVED, ADDED }

    public record Line(Kind kind, String text) {

        public boolean removed() {
            return kind == Kind.REMOVED;
        }

        public boolean added() {
            return kind == Kind.ADDED;
        }
    }

    private LineDiff() {
    }

    public static List<Line> between(List<String> before, List<String> after) {
        int[][] common = new int[before.size() + 1][after.size() + 1];
        for (int i = before.size() - 1; i >= 0; i--) {
            for (int j = after.size() - 1; j >= 0; j--) {
                common[i][j] = before.get(i).equals(after.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<Line> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < before.size() && j < after.size()) {
            if (before.get(i).equals(after.get(j))) {
                lines.add(new Line(Kind.SAME, before.get(i)));
                i++;
                j++;
            } else if (common[i + 1][j] >= common[i][j + 1]) {
                lines.add(new Line(Kind.REMOVED, before.get(i++)));
            } else {
                lines.add(new Line(Kind.ADDED, after.get(j++)));
            }
        }
        while (i < before.size()) {
            lines.add(new Line(Kind.REMOVED, before.get(i++)));
        }
        while (j < after.size()) {
            lines.add(new Line(Kind.ADDED, after.get(j++)));
        }
        return lines;
    }
}
