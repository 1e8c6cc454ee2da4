package jp.renkei.consultation.opinion;

import java.util.List;
import jp.renkei.consultation.refusal.InvalidFieldException;

/**
 * What an opinion must look like, by the city's guideline as configured: the longest text, which submitter fields
 * are required, the age groups. Messages name the field and the rule, never the value given.
 */
final class OpinionRules {

    private static final int MAX_ID_LENGTH = 64;
    private static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]*";

    private final OpinionProperties properties;

    OpinionRules(OpinionProperties properties) {
        this.properties = properties;
    }

    void check(List<String> consultationMeasureIds, NewOpinion request) {
        if (request.text() == null || request.text().isBlank()) {
            throw new InvalidFieldException("text", "the opinion text is required");
        }
        int length = request.text().codePointCount(0, request.text().length());
        if (length > properties.maxLength()) {
            throw new InvalidFieldException("text", "the text has " + length + " characters; at most "
                    + properties.maxLength() + " are accepted");
        }
        if (request.measureId() != null && !consultationMeasureIds.contains(request.measureId())) {
            throw new InvalidFieldException("measureId", "this consultation is not about measure " + request.measureId());
        }
        checkId("sectionId", request.sectionId());
        checkId("itemId", request.itemId());
        Submitter submitter = request.submitter();
        for (SubmitterField field : SubmitterField.values()) {
            String value = submitter == null ? null : submitter.value(field);
            if (value == null || value.isBlank()) {
                if (properties.requiredSubmitterFields().contains(field)) {
                    throw new InvalidFieldException(field.field(), "required by the city's guideline");
                }
            } else if (value.codePointCount(0, value.length()) > properties.maxSubmitterFieldLength()) {
                throw new InvalidFieldException(field.field(), "at most " + properties.maxSubmitterFieldLength()
                        + " characters");
            } else if (field == SubmitterField.AGE_GROUP && !properties.ageGroups().contains(value)) {
                throw new InvalidFieldException(field.field(), "one of " + properties.ageGroups());
            }
        }
    }

    private static void checkId(String field, String value) {
        if (value != null && (value.length() > MAX_ID_LENGTH || !value.matches(ID_PATTERN))) {
            throw new InvalidFieldException(field, "an id of letters, digits, '.', '_' or '-', at most "
                    + MAX_ID_LENGTH + " characters");
        }
    }
}
