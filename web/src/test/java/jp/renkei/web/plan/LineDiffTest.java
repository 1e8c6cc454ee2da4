package jp.renkei.web.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LineDiffTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("", "", ""),
                Arguments.of("a", "a", " a"),
                Arguments.of("a", "", "-a"),
                Arguments.of("", "b", "+b"),
                Arguments.of("a", "b", "-a +b"),
                Arguments.of("a b c", "a c", " a -b  c"),
                Arguments.of("a c", "a b c", " a +b  c"),
                Arguments.of("情報 公開 保護", "情報 迅速な公開 保護", " 情報 -公開 +迅速な公開  保護"));
    }

    @ParameterizedTest(name = "[{0}] → [{1}] is [{2}]")
    @MethodSource("cases")
    void keepsWhatBothShareAndMarksTheRest(String before, String after, String expected) {
        List<LineDiff.Line> lines = LineDiff.between(words(before), words(after));

        String shown = String.join(" ", lines.stream().map(line -> switch (line.kind()) {
            case SAME -> " " + line.text();
            case REMOVED -> "-" + line.text();
            case ADDED -> "+" + line.text();
        }).toList());
        assertThat(shown).isEqualTo(expected);
    }

    private static List<String> words(String text) {
        return text.isEmpty() ? List.of() : Arrays.asList(text.split(" "));
    }
}
