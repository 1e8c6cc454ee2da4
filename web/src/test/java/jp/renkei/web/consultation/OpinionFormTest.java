package jp.renkei.web.consultation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import jp.renkei.web.WebProperties;
import org.junit.jupiter.api.Test;

class OpinionFormTest {

    private static final WebProperties RULES = new WebProperties(URI.create("http://127.0.0.1:8080"), "plan",
            Duration.ofSeconds(1), Duration.ofSeconds(1), 10, Set.of("name", "address"), 5, List.of("20代", "30代"));

    @Test
    void aCompleteOpinionHasNoProblems() {
        assertThat(form("意見です", "網走 太郎", "南6条", null, "30代").problems(RULES)).isEmpty();
    }

    @Test
    void namesEachMissingRequiredFieldAndNoOptionalOne() {
        assertThat(form(" ", "", null, null, null).problems(RULES)).containsOnlyKeys("text", "name", "address");
    }

    @Test
    void countsCharactersNotBytesOrUtf16Units() {
        assertThat(form("𠮷".repeat(10), "太郎", "南", null, null).problems(RULES)).isEmpty();
        assertThat(form("あ".repeat(11), "太郎", "南", "x".repeat(6), "40代").problems(RULES))
                .containsOnlyKeys("text", "contact", "ageGroup");
    }

    @Test
    void sendsBlankOptionalFieldsAsAbsentAndNamesTheApiFieldsLikeTheForm() {
        var opinion = form("意見\r\n二行目", "太郎", "南", "", "").toOpinion();

        assertThat(opinion.text()).isEqualTo("意見\n二行目");

        assertThat(opinion.submitter().contact()).isNull();
        assertThat(opinion.submitter().ageGroup()).isNull();
        assertThat(OpinionForm.formField("submitter.name")).isEqualTo("name");
        assertThat(OpinionForm.formField("text")).isEqualTo("text");
    }

    private static OpinionForm form(String text, String name, String address, String contact, String ageGroup) {
        return new OpinionForm(null, text, name, address, contact, ageGroup, null);
    }
}
