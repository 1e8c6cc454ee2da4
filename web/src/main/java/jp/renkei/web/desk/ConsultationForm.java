package jp.renkei.web.desk;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;

/** The desk's form to open a consultation (意見募集) on one version of a measure. */
public record ConsultationForm(String measureId, Long measureVersion, String title, String summary, String legalBasis,
                               String department, String contact,
                               @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate publicationDate,
                               @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate deadline) {

    /** What the desk can tell before asking the API, which checks everything again. */
    Map<String, String> problems() {
        Map<String, String> problems = new LinkedHashMap<>();
        required(problems, "title", title, "件名", 200);
        required(problems, "legalBasis", legalBasis, "根拠法令等", 500);
        required(problems, "department", department, "担当課", 200);
        required(problems, "contact", contact, "問い合わせ先", 500);
        if (summary != null && summary.length() > 4000) {
            problems.put("summary", "概要は4000文字以内で入力してください。");
        }
        if (measureVersion == null || measureVersion < 1) {
            problems.put("measureVersion", "対象の版を入力してください。");
        }
        if (publicationDate == null) {
            problems.put("publicationDate", "公示日を入力してください。");
        }
        if (deadline == null) {
            problems.put("deadline", "締切日を入力してください。");
        } else if (publicationDate != null && !deadline.isAfter(publicationDate)) {
            problems.put("deadline", "締切日は公示日より後にしてください。");
        }
        return problems;
    }

    /** The form field an API error names: {@code targets[0].measureVersion} is the version box. */
    static String formField(String apiField) {
        if (apiField == null) {
            return "title";
        }
        if (apiField.startsWith("targets")) {
            return apiField.endsWith("measureId") ? "measureId" : "measureVersion";
        }
        return switch (apiField) {
            case "summary", "legalBasis", "department", "contact", "publicationDate", "deadline" -> apiField;
            default -> "title";
        };
    }

    private static void required(Map<String, String> problems, String field, String value, String name, int max) {
        if (value == null || value.isBlank()) {
            problems.put(field, name + "を入力してください。");
        } else if (value.length() > max) {
            problems.put(field, name + "は" + max + "文字以内で入力してください。");
        }
    }
}
