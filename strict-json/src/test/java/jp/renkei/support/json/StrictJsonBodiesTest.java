package jp.renkei.support.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

class StrictJsonBodiesTest {

    enum Kind { MEASURE, GOAL }

    record Body(String title, Integer count, Boolean open, LocalDate date, Kind kind, List<String> tags) {
    }

    private static final JsonMapper STRICT = StrictJsonBodies.of(JsonMapper.builder().build());
    private static final JsonMapper LENIENT = JsonMapper.builder().build();

    @Test
    void aBodyOfTheRightKindsIsReadAsItIsJapaneseIncluded() {
        Body body = STRICT.readValue("""
                {"title":"協働のまち 🌸\\t改行\\n","count":3,"open":true,"date":"2026-12-06","kind":"GOAL",
                 "tags":["広域連携"]}""", Body.class);

        assertThat(body).isEqualTo(new Body("協働のまち 🌸\t改行\n", 3, true, LocalDate.of(2026, 12, 6), Kind.GOAL,
                List.of("広域連携")));
    }

    /** Each of these Jackson reads by default, as something the client did not send; read strictly, it is refused. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a number as text                 | {"title":1e400}                      | title
            a boolean as text                | {"title":true}                       | title
            text as a number                 | {"count":"5"}                        | count
            a fraction as a whole number     | {"count":2.5}                        | count
            text as a boolean                | {"open":"true"}                      | open
            a number as a boolean            | {"open":1}                           | open
            an ordinal as an enum constant   | {"kind":1}                           | kind
            a number as a date               | {"date":1}                           | date
            a NUL in text                    | {"title":"a\\u0000b"}                | title
            half of a surrogate pair         | {"title":"\\ud800"}                  | title
            a non-character                  | {"title":"\\uffff"}                  | title
            a number in a list of text       | {"tags":[1]}                         | tags[0]
            """)
    void aValueOfAnotherKindIsRefusedNamingItsField(String what, String json, String field) {
        assertThat(LENIENT.readValue(json, Body.class)).as("read by default: " + what)
                .isNotNull();

        assertThatThrownBy(() -> STRICT.readValue(json, Body.class))
                .isInstanceOfSatisfying(JacksonException.class, refused ->
                        assertThat(JsonFields.pathOf(refused)).as(what).isEqualTo(field));
    }

    /** Refused by Jackson 3's defaults too, and by whatever a service's own mapper configures on top of them. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a boolean as a number        | {"count":true}                | count
            a date that rolls over       | {"date":"2026-02-30"}         | date
            anything after the value     | {"title":"a"} {"title":"b"}   |
            """)
    void whatJacksonRefusesByDefaultStaysRefused(String what, String json, String field) {
        JsonMapper lenientBase = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .defaultLeniency(true).build();

        assertThatThrownBy(() -> StrictJsonBodies.of(lenientBase).readValue(json, Body.class))
                .isInstanceOfSatisfying(JacksonException.class, refused ->
                        assertThat(JsonFields.pathOf(refused)).as(what).isEqualTo(field == null ? "" : field));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a key given twice            | {"title":"a","title":"b"}
            """)
    void aBodyThatIsNotOneJsonValueIsRefused(String what, String json) {
        assertThat(LENIENT.readValue(json, Body.class)).as("read by default: " + what).isNotNull();

        assertThatThrownBy(() -> STRICT.readValue(json, Body.class)).as(what).isInstanceOf(JacksonException.class);
    }
}
