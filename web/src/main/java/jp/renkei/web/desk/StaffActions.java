package jp.renkei.web.desk;

import jp.renkei.web.api.ApiProblemException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * One action of the desk or the console (a moderation step, a retry, a pause…): it runs, and the browser goes back
 * to the page it came from with what happened, or with the API's reason for refusing. Only a client error is a
 * refusal to show there; an expired credential, a forbidden call or a failing service is the error page.
 */
public final class StaffActions {

    private StaffActions() {
    }

    public static String run(Runnable action, String done, String back, RedirectAttributes redirect) {
        try {
            action.run();
            redirect.addFlashAttribute("message", done);
        } catch (ApiProblemException e) {
            if (e.status() < 400 || e.status() >= 500 || e.status() == 401 || e.status() == 403) {
                throw e;
            }
            redirect.addFlashAttribute("refusal", refusal(e));
        }
        return "redirect:" + back;
    }

    /** The API's words for what was wrong, field by field when it names them. */
    static String refusal(ApiProblemException e) {
        StringBuilder text = new StringBuilder("受け付けられませんでした");
        if (!e.fieldErrors().isEmpty()) {
            text.append("：");
            e.fieldErrors().forEach((field, message) -> text.append(field).append(" — ").append(message).append("。"));
        } else if (e.getMessage() != null) {
            text.append("：").append(e.getMessage());
        } else if (e.title() != null) {
            text.append("：").append(e.title());
        }
        return text.toString();
    }
}
