package jp.renkei.web.moderation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.renkei.web.api.PageNotFoundException;
import jp.renkei.web.api.StaffApi;
import jp.renkei.web.desk.StaffActions;
import jp.renkei.web.security.StaffAuthentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Moderating a consultation through consultation-service's API: its opinions (never the submitters' personal data),
 * hiding one with a reason, redacting a passage, the city's view (考え方) with its 反映区分, grouping similar opinions
 * to answer them once, and publishing the result. Each action comes back to the page with what happened; a refused
 * one with the API's reason.
 */
@Controller
class ModerationPages {

    /** 反映区分 as consultation-service names them, in the order a moderator chooses. */
    static final Map<String, String> OUTCOMES = outcomes();
    /** Why an opinion may be hidden from the public result. */
    static final Map<String, String> HIDE_REASONS = Map.of("ABUSE", "誹謗中傷・公序良俗に反する内容",
            "OTHERS_PERSONAL_DATA", "他者の個人情報", "OFF_TOPIC", "案件と無関係");

    private final StaffApi api;

    ModerationPages(StaffApi api) {
        this.api = api;
    }

    @GetMapping("/desk/consultations/{id}")
    String consultation(StaffAuthentication staff, @PathVariable String id, Model model) {
        PageNotFoundException.unlessId(id);
        model.addAttribute("consultation", api.consultation(staff.credential(), id));
        model.addAttribute("opinions", api.opinions(staff.credential(), id));
        model.addAttribute("groups", api.groups(staff.credential(), id));
        model.addAttribute("outcomes", OUTCOMES);
        model.addAttribute("hideReasons", HIDE_REASONS);
        return "desk-moderation";
    }

    @PostMapping("/desk/consultations/{id}/opinions/{opinionId}/response")
    String answer(StaffAuthentication staff, @PathVariable String id, @PathVariable String opinionId,
                  @RequestParam(required = false) String outcome, @RequestParam(required = false) String text,
                  RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", blankToNull(outcome));
        body.put("text", text);
        return act(id, opinionId, redirect, "市の考え方を登録しました。",
                () -> api.moderate(staff.credential(), id, opinionId, "response", body));
    }

    @PostMapping("/desk/consultations/{id}/opinions/{opinionId}/hide")
    String hide(StaffAuthentication staff, @PathVariable String id, @PathVariable String opinionId,
                @RequestParam(required = false) String reason, @RequestParam(required = false) String note,
                RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", blankToNull(reason));
        body.put("note", blankToNull(note));
        return act(id, opinionId, redirect, "意見を非公開にしました。",
                () -> api.moderate(staff.credential(), id, opinionId, "hide", body));
    }

    @PostMapping("/desk/consultations/{id}/opinions/{opinionId}/redact")
    String redact(StaffAuthentication staff, @PathVariable String id, @PathVariable String opinionId,
                  @RequestParam(required = false) String passage, RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("passage", passage);
        return act(id, opinionId, redirect, "指定した部分を公開文から削除しました。",
                () -> api.moderate(staff.credential(), id, opinionId, "redact", body));
    }

    @PostMapping("/desk/consultations/{id}/groups")
    String group(StaffAuthentication staff, @PathVariable String id, @RequestParam(required = false) String label,
                 @RequestParam(name = "opinionIds", required = false) List<String> opinionIds,
                 RedirectAttributes redirect) {
        return act(id, null, redirect, "意見をまとめました。", () -> api.group(staff.credential(), id,
                label == null ? "" : label, opinionIds == null ? List.of() : opinionIds));
    }

    @PostMapping("/desk/consultations/{id}/groups/{groupId}/response")
    String answerGroup(StaffAuthentication staff, @PathVariable String id, @PathVariable String groupId,
                       @RequestParam(required = false) String outcome, @RequestParam(required = false) String text,
                       RedirectAttributes redirect) {
        PageNotFoundException.unlessId(groupId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", blankToNull(outcome));
        body.put("text", text);
        return act(id, null, redirect, "まとめた意見への市の考え方を登録しました。",
                () -> api.respondToGroup(staff.credential(), id, groupId, body));
    }

    @PostMapping("/desk/consultations/{id}/results")
    String publish(StaffAuthentication staff, @PathVariable String id, RedirectAttributes redirect) {
        return act(id, null, redirect, "結果を公表しました。", () -> api.publishResults(staff.credential(), id));
    }

    private static String act(String id, String opinionId, RedirectAttributes redirect, String done, Runnable action) {
        PageNotFoundException.unlessId(id);
        if (opinionId != null) {
            PageNotFoundException.unlessId(opinionId);
        }
        return StaffActions.run(action, done, "/desk/consultations/" + id
                + (opinionId == null ? "" : "#opinion-" + opinionId), redirect);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static Map<String, String> outcomes() {
        Map<String, String> outcomes = new LinkedHashMap<>();
        outcomes.put("REFLECTED", "反映");
        outcomes.put("PARTIALLY_REFLECTED", "一部反映");
        outcomes.put("NOT_REFLECTED", "反映せず");
        outcomes.put("FOR_REFERENCE", "参考");
        return outcomes;
    }
}
