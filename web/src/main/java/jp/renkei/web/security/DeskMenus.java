package jp.renkei.web.security;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * What the desk's pages offer the signed-in member of staff ({@code menu} in every desk page's model): only the
 * parts their roles can use, as {@link PageSecurity} lets them in. The "not allowed" page is here too: where a role
 * that reaches another part by its address ends.
 */
@ControllerAdvice(basePackages = {"jp.renkei.web.desk", "jp.renkei.web.console", "jp.renkei.web.moderation"})
class DeskMenus {

    /**
     * @param editing    revising measures (PLAN_EDITOR)
     * @param consulting opening a consultation on a measure (PLAN_EDITOR, MODERATOR)
     * @param moderation moderating consultations (MODERATOR)
     * @param console    the operator console and the API keys (OPERATOR)
     */
    record Menu(boolean editing, boolean consulting, boolean moderation, boolean console) {

        static Menu of(Authentication signedIn) {
            if (!(signedIn instanceof StaffAuthentication staff)) {
                return new Menu(false, false, false, false);
            }
            boolean editor = staff.hasRole(StaffAuthentication.PLAN_EDITOR);
            boolean moderator = staff.hasRole(StaffAuthentication.MODERATOR);
            return new Menu(editor, editor || moderator, moderator, staff.hasRole(StaffAuthentication.OPERATOR));
        }
    }

    @ModelAttribute("menu")
    Menu menu() {
        return Menu.of(SecurityContextHolder.getContext().getAuthentication());
    }

    @Controller
    static class NotAllowedPage {

        @RequestMapping(PageSecurity.NOT_ALLOWED)
        ModelAndView notAllowed() {
            ModelAndView page = new ModelAndView("error", HttpStatus.FORBIDDEN);
            page.addObject("status", HttpStatus.FORBIDDEN.value());
            page.addObject("fromApi", true);
            return page;
        }
    }
}
