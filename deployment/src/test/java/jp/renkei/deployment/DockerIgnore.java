package jp.renkei.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The patterns of a {@code .dockerignore}, matched as Docker matches them (moby's patternmatcher): each pattern is
 * relative to the context's root and cleaned ({@code /} at either end dropped); {@code *} and {@code ?} stay within
 * one path segment, {@code **} spans any number of them; a path is excluded when it or a directory above it matches;
 * the last matching pattern decides, and one starting with {@code !} lets the path in again.
 */
final class DockerIgnore {

    private record Rule(Pattern pattern, boolean exception) {
    }

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    static DockerIgnore parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String line : text.split("\n")) {
            String pattern = line.strip();
            if (pattern.isEmpty() || pattern.startsWith("#")) {
                continue;
            }
            boolean exception = pattern.startsWith("!");
            if (exception) {
                pattern = pattern.substring(1).strip();
            }
            pattern = pattern.replaceAll("^/+", "").replaceAll("/+$", "");
            if (!pattern.isEmpty()) {
                rules.add(new Rule(Pattern.compile(regex(pattern)), exception));
            }
        }
        return new DockerIgnore(rules);
    }

    /** Whether the file or directory at {@code relativePath} (with {@code /} between segments) stays out. */
    boolean excludes(String relativePath) {
        String[] segments = relativePath.split("/");
        boolean excluded = false;
        for (Rule rule : rules) {
            StringBuilder prefix = new StringBuilder();
            for (String segment : segments) {
                prefix.append(prefix.isEmpty() ? "" : "/").append(segment);
                if (rule.pattern().matcher(prefix).matches()) {
                    excluded = !rule.exception();
                    break;
                }
            }
        }
        return excluded;
    }

    private static String regex(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                boolean followedBySlash = i + 2 < pattern.length() && pattern.charAt(i + 2) == '/';
                regex.append(followedBySlash ? "(?:.*/)?" : ".*");
                i += followedBySlash ? 2 : 1;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
