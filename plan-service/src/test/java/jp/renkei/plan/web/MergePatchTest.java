package jp.renkei.plan.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The examples of RFC 7386, section 3. */
class MergePatchTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void followsTheRfcExamples() {
        assertThat(apply("{\"a\":\"b\"}", "{\"a\":\"c\"}")).isEqualTo("{\"a\":\"c\"}");
        assertThat(apply("{\"a\":\"b\"}", "{\"b\":\"c\"}")).isEqualTo("{\"a\":\"b\",\"b\":\"c\"}");
        assertThat(apply("{\"a\":\"b\"}", "{\"a\":null}")).isEqualTo("{}");
        assertThat(apply("{\"a\":[\"b\"]}", "{\"a\":\"c\"}")).isEqualTo("{\"a\":\"c\"}");
        assertThat(apply("{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"d\",\"c\":null}}")).isEqualTo("{\"a\":{\"b\":\"d\"}}");
        assertThat(apply("{\"e\":null}", "{\"a\":1}")).isEqualTo("{\"e\":null,\"a\":1}");
        assertThat(apply("[1,2]", "{\"a\":\"b\",\"c\":null}")).isEqualTo("{\"a\":\"b\"}");
        assertThat(apply("{}", "{\"a\":{\"bb\":{\"ccc\":null}}}")).isEqualTo("{\"a\":{\"bb\":{}}}");
    }

    private static String apply(String target, String patch) {
        return MergePatch.apply(JSON.readTree(target), JSON.readTree(patch)).toString();
    }
}
