package jp.renkei.consultation.opinion;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import jp.renkei.consultation.refusal.InvalidFieldException;
import org.junit.jupiter.api.Test;

/** Which submitter fields are required and how long a text may be are the city's configuration. */
class OpinionRulesTest {

    private static final List<String> MEASURES = List.of("5-1-3");

    private final OpinionRules contactAndAgeRequired = new OpinionRules(new OpinionProperties(10,
            Set.of(SubmitterField.CONTACT, SubmitterField.AGE_GROUP), 20, List.of("20代", "30代")));

    @Test
    void theConfiguredFieldsAreRequiredAndNoOthers() {
        assertThatCode(() -> contactAndAgeRequired.check(MEASURES,
                new NewOpinion(null, null, null, "意見", new Submitter(null, null, "090-0000-0000", "20代"))))
                .doesNotThrowAnyException();
        assertField(new NewOpinion(null, null, null, "意見", new Submitter("網走 太郎", "網走市", null, "20代")),
                "submitter.contact");
        assertField(new NewOpinion(null, null, null, "意見", null), "submitter.contact");
        assertField(new NewOpinion(null, null, null, "意見", new Submitter(null, null, "090", "90代")),
                "submitter.ageGroup");
    }

    @Test
    void theLengthIsCountedInCharactersAsTheCityCountsThem() {
        Submitter submitter = new Submitter(null, null, "090", "30代");
        assertThatCode(() -> contactAndAgeRequired.check(MEASURES,
                new NewOpinion(null, null, null, "𠮷".repeat(10), submitter))).doesNotThrowAnyException();
        assertField(new NewOpinion(null, null, null, "あ".repeat(11), submitter), "text");
        assertField(new NewOpinion(null, "基本方針", null, "意見", submitter), "sectionId");
        assertField(new NewOpinion("5-2-2", null, null, "意見", submitter), "measureId");
    }

    @Test
    void sectionAndItemIdsAreShortPlainIdsAndSubmitterFieldsHaveTheirOwnLimit() {
        Submitter submitter = new Submitter(null, null, "090", "30代");
        String longest = "a".repeat(64);
        assertThatCode(() -> contactAndAgeRequired.check(MEASURES,
                new NewOpinion("5-1-3", longest, "item-1.a_b", "意見", submitter))).doesNotThrowAnyException();
        assertField(new NewOpinion(null, longest + "a", null, "意見", submitter), "sectionId");
        assertField(new NewOpinion(null, null, "-leading", "意見", submitter), "itemId");
        assertField(new NewOpinion(null, null, "a".repeat(65), "意見", submitter), "itemId");
        // submitter fields: at most 20 characters each (counted as characters), and only the configured age groups
        assertThatCode(() -> contactAndAgeRequired.check(MEASURES, new NewOpinion(null, null, null, "意見",
                new Submitter("𠮷".repeat(20), null, "090", "30代")))).doesNotThrowAnyException();
        assertField(new NewOpinion(null, null, null, "意見", new Submitter("網".repeat(21), null, "090", "30代")),
                "submitter.name");
    }

    private void assertField(NewOpinion opinion, String field) {
        assertThatThrownBy(() -> contactAndAgeRequired.check(MEASURES, opinion))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> org.assertj.core.api.Assertions
                        .assertThat(e.field()).isEqualTo(field));
    }
}
