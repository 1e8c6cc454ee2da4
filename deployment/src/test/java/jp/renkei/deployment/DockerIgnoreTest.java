package jp.renkei.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The matcher the build-context check relies on, against the cases Docker's documentation gives. */
class DockerIgnoreTest {

    @ParameterizedTest(name = "{0} against {1}: excluded {2}")
    @CsvSource(delimiter = '|', textBlock = """
            **/target/   | plan-service/target/classes/A.class | true
            **/target/   | target/x                            | true
            **/target/   | plan-service/src/target.txt         | false
            *.log        | build.log                           | true
            *.log        | data/logs/gateway.log               | false
            data/        | data/secrets/key                    | true
            data/        | seeds/data/plan.json                | false
            /data        | data                                | true
            .env         | .env                                | true
            .env         | docker/.env                         | false
            temp?        | temp1                               | true
            temp?        | temp12                              | false
            */temp*      | somedir/temporary.txt               | true
            */temp*      | a/b/temporary.txt                   | false
            """)
    void matchesAsDockerDoes(String pattern, String path, boolean excluded) {
        assertThat(DockerIgnore.parse(pattern).excludes(path)).isEqualTo(excluded);
    }

    @ParameterizedTest(name = "{1}: excluded {2}")
    @CsvSource(delimiter = '|', textBlock = """
            *.md\\n!README.md | README.md    | false
            *.md\\n!README.md | CHANGES.md   | true
            !README.md\\n*.md | README.md    | true
            \\n# a comment\\n  | anything     | false
            """)
    void theLastMatchingLineDecides(String lines, String path, boolean excluded) {
        assertThat(DockerIgnore.parse(lines.replace("\\n", "\n")).excludes(path)).isEqualTo(excluded);
    }
}
