package jp.renkei.web.consultation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import jp.renkei.web.WebProperties;
import jp.renkei.web.api.ApiModels.NewOpinion;
import jp.renkei.web.api.ApiModels.Submitter;

/**
 * What a citizen typed into the opinion form, kept as typed so that the form can show it again.
 *
 * @param submission the idempotency key of this submission, made when the citizen confirms; the same on a resend
 */
public record OpinionForm(String measureId, String text, String name, String address, String contact,
                          String ageGroup, UUID submission) {

    /** Messages per form field (in Japanese, with the rule), empty when the form may be sent. */
    public Map<String, String> problems(WebProperties rules) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (blank(text)) {
            problems.put("text", "ご意見を入力してください。(required)");
        } else if (length(text) > rules.opinionMaxLength()) {
            problems.put("text", "ご意見は" + rules.opinionMaxLength() + "文字以内で入力してください（現在" + length(text)
                    + "文字）。(at most " + rules.opinionMaxLength() + " characters)");
        }
        submitterField("name", name, "お名前", rules, problems);
        submitterField("address", address, "ご住所", rules, problems);
        submitterField("contact", contact, "ご連絡先", rules, problems);
        if (blank(ageGroup)) {
            if (rules.requiredSubmitterFields().contains("ageGroup")) {
                problems.put("ageGroup", "年代を選んでください。(required)");
            }
        } else if (!rules.ageGroups().contains(ageGroup)) {
            problems.put("ageGroup", "年代は一覧から選んでください。(choose from the list)");
        }
        return problems;
    }

    /** Line breaks as the citizen typed them, not as the form encoding sends them (CR LF): counted and stored so. */
    public OpinionForm {
        text = text == null ? null : text.replace("\r\n", "\n");
    }

    public NewOpinion toOpinion() {
        return new NewOpinion(orNull(measureId), text, new Submitter(orNull(name), orNull(address), orNull(contact),
                orNull(ageGroup)));
    }

    public OpinionForm withSubmission(UUID key) {
        return new OpinionForm(measureId, text, name, address, contact, ageGroup, key);
    }

    /** The API names submitter fields {@code submitter.name}; the form names them {@code name}. */
    public static String formField(String apiField) {
        return apiField.startsWith("submitter.") ? apiField.substring("submitter.".length()) : apiField;
    }

    private static void submitterField(String field, String value, String label, WebProperties rules,
                                       Map<String, String> problems) {
        if (blank(value)) {
            if (rules.requiredSubmitterFields().contains(field)) {
                problems.put(field, label + "を入力してください。(required)");
            }
        } else if (length(value) > rules.maxSubmitterFieldLength()) {
            problems.put(field, label + "は" + rules.maxSubmitterFieldLength() + "文字以内で入力してください。(at most "
                    + rules.maxSubmitterFieldLength() + " characters)");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String orNull(String value) {
        return blank(value) ? null : value;
    }

    private static int length(String value) {
        return value.codePointCount(0, value.length());
    }
}
