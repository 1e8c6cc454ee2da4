package jp.renkei.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read as Docker's parser reads it, as far as these checks need: comments and parser directives
 * dropped, lines continued with a trailing backslash joined, one instruction per logical line, stages split at
 * {@code FROM}.
 */
record Dockerfile(List<Stage> stages) {

    private static final Pattern FLAG = Pattern.compile("--([a-z-]+)(?:=(\\S*))?");

    /** One instruction: its keyword in upper case and the rest of its line. */
    record Instruction(String keyword, String arguments) {

        /** The {@code --name=value} flags at the start of the arguments (COPY --from, RUN --mount, ...). */
        List<String> flags() {
            List<String> flags = new ArrayList<>();
            Matcher flag = FLAG.matcher(arguments);
            int at = 0;
            while (flag.find(at) && flag.start() == at) {
                flags.add(flag.group());
                at = skipBlanks(flag.end());
            }
            return flags;
        }

        /** The arguments after the flags. */
        String operands() {
            Matcher flag = FLAG.matcher(arguments);
            int at = 0;
            while (flag.find(at) && flag.start() == at) {
                at = skipBlanks(flag.end());
            }
            return arguments.substring(at);
        }

        boolean hasFlag(String name) {
            return flags().stream().anyMatch(flag -> flag.equals("--" + name) || flag.startsWith("--" + name + "="));
        }

        private int skipBlanks(int from) {
            int at = from;
            while (at < arguments.length() && Character.isWhitespace(arguments.charAt(at))) {
                at++;
            }
            return at;
        }
    }

    /** The instructions from one {@code FROM} to the next. */
    record Stage(String from, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(instruction -> instruction.keyword().equals(keyword)).toList();
        }

        /** The working directory the stage's last {@code WORKDIR} sets ({@code /} without one). */
        String workdir() {
            List<Instruction> workdirs = all("WORKDIR");
            return workdirs.isEmpty() ? "/" : workdirs.get(workdirs.size() - 1).arguments();
        }
    }

    static Dockerfile parse(String text) {
        List<String> logical = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            if (!current.toString().isBlank()) {
                logical.add(current.toString().strip());
            }
            current.setLength(0);
        }
        List<Stage> stages = new ArrayList<>();
        List<Instruction> instructions = null;
        for (String line : logical) {
            int space = line.indexOf(' ');
            Instruction instruction = new Instruction(line.substring(0, space).toUpperCase(Locale.ROOT),
                    line.substring(space + 1));
            if (instruction.keyword().equals("FROM")) {
                instructions = new ArrayList<>();
                stages.add(new Stage(instruction.arguments(), instructions));
            } else if (instructions == null) {
                throw new IllegalArgumentException("an instruction before the first FROM: " + line);
            } else {
                instructions.add(instruction);
            }
        }
        return new Dockerfile(List.copyOf(stages));
    }

    Stage stage(String name) {
        return stages.stream().filter(stage -> stage.from().toUpperCase(Locale.ROOT)
                        .endsWith(" AS " + name.toUpperCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stage " + name));
    }

    Stage last() {
        return stages.get(stages.size() - 1);
    }
}
