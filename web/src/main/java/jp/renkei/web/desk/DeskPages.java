package jp.renkei.web.desk;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.renkei.contracts.consultation.ConsultationTarget;
import jp.renkei.web.JapanTime;
import jp.renkei.web.WebProperties;
import jp.renkei.web.api.ApiModels.Measure;
import jp.renkei.web.api.ApiProblemException;
import jp.renkei.web.api.GatewayApi;
import jp.renkei.web.api.PageNotFoundException;
import jp.renkei.web.api.StaffApi;
import jp.renkei.web.api.StaffModels.NewConsultation;
import jp.renkei.web.plan.MeasureSections;
import jp.renkei.web.security.StaffAuthentication;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The staff desk: the measures to revise and the consultations to run; revising a measure with a diff preview and
 * the reason, and a conflict page when someone else saved first; opening a consultation on a measure's version.
 */
@Controller
class DeskPages {

    /** A consultation runs at least 30 days (行政手続法 39条 as the city's guideline applies it). */
    private static final int DEFAULT_PERIOD_DAYS = 30;
    private static final String NOTHING_CHANGED = "内容が変わっていません。変更してから確認してください。";

    private final GatewayApi publicApi;
    private final StaffApi api;
    private final WebProperties properties;

    DeskPages(GatewayApi publicApi, StaffApi api, WebProperties properties) {
        this.publicApi = publicApi;
        this.api = api;
        this.properties = properties;
    }

    @GetMapping("/desk")
    String home(StaffAuthentication staff, Model model) {
        model.addAttribute("plan", publicApi.plan());
        model.addAttribute("consultations", api.consultations(staff.credential()));
        return "desk-home";
    }

    @GetMapping("/desk/measures/{measureId}/edit")
    String edit(StaffAuthentication staff, @PathVariable String measureId, Model model) {
        PageNotFoundException.unlessId(measureId);
        Measure measure = api.measure(staff.credential(), measureId);
        return editForm(measure, MeasureEdit.of(measure), Map.of(), model);
    }

    /** The diff between the version the editor started from and the form, before anything is saved. */
    @PostMapping(path = "/desk/measures/{measureId}/edit", params = "preview")
    String preview(StaffAuthentication staff, @PathVariable String measureId, @ModelAttribute MeasureEdit edit,
                   Model model) {
        PageNotFoundException.unlessId(measureId);
        Map<String, String> problems = edit.problems();
        if (!problems.isEmpty()) {
            return invalid(api.measure(staff.credential(), measureId), edit, problems, model);
        }
        Measure base = publicApi.revision(measureId, edit.baseVersion()).measure();
        if (edit.patchAgainst(base).isEmpty()) {
            return invalid(base, edit, Map.of("title", NOTHING_CHANGED), model);
        }
        model.addAttribute("measure", base);
        model.addAttribute("edit", edit);
        model.addAttribute("changes", MeasureSections.diff(base, edit.appliedTo(base)));
        return "desk-measure-preview";
    }

    /** Back from the preview to the form, with what was typed. */
    @PostMapping(path = "/desk/measures/{measureId}/edit", params = "change")
    String change(StaffAuthentication staff, @PathVariable String measureId, @ModelAttribute MeasureEdit edit,
                  Model model) {
        PageNotFoundException.unlessId(measureId);
        return editForm(api.measure(staff.credential(), measureId), edit, Map.of(), model);
    }

    @PostMapping(path = "/desk/measures/{measureId}/edit", params = "save")
    String save(StaffAuthentication staff, @PathVariable String measureId, @ModelAttribute MeasureEdit edit,
                Model model, RedirectAttributes redirect) {
        PageNotFoundException.unlessId(measureId);
        Map<String, String> problems = edit.problems();
        if (!problems.isEmpty()) {
            return invalid(api.measure(staff.credential(), measureId), edit, problems, model);
        }
        Measure base = publicApi.revision(measureId, edit.baseVersion()).measure();
        Map<String, Object> patch = edit.patchAgainst(base);
        if (patch.isEmpty()) {
            return invalid(base, edit, Map.of("title", NOTHING_CHANGED), model);
        }
        try {
            Measure saved = api.revise(staff.credential(), measureId, edit.baseVersion(), patch);
            redirect.addFlashAttribute("saved", saved.version());
            return "redirect:/desk/measures/" + measureId + "/edit";
        } catch (ApiProblemException e) {
            if (e.status() == HttpStatus.PRECONDITION_FAILED.value()) {
                return conflict(staff, base, edit, model);
            }
            if (e.status() != HttpStatus.BAD_REQUEST.value()) {
                throw e;
            }
            Map<String, String> fromService = new LinkedHashMap<>();
            e.fieldErrors().forEach((field, message) -> fromService.putIfAbsent(MeasureEdit.formField(field), message));
            if (fromService.isEmpty()) {
                fromService.put("title", e.getMessage() == null ? "保存できませんでした。" : e.getMessage());
            }
            return invalid(base, edit, fromService, model);
        }
    }

    /**
     * Someone else saved first: both versions side by side (what they changed, what this editor changed), and this
     * editor's changes re-applied onto theirs in a form to review and save again.
     */
    private String conflict(StaffAuthentication staff, Measure base, MeasureEdit edit, Model model) {
        Measure theirs = api.measure(staff.credential(), base.measureId());
        MeasureEdit rebased = edit.rebasedOnto(base, theirs);
        model.addAttribute("measure", theirs);
        model.addAttribute("base", base);
        model.addAttribute("theirChanges", MeasureSections.diff(base, theirs));
        model.addAttribute("myChanges", MeasureSections.diff(base, edit.appliedTo(base)));
        model.addAttribute("edit", rebased);
        model.addAttribute("problems", Map.of());
        PageStatus.set(HttpStatus.CONFLICT);
        return "desk-measure-conflict";
    }

    @GetMapping("/desk/consultations/new")
    String newConsultation(StaffAuthentication staff, @RequestParam String measureId, Model model) {
        PageNotFoundException.unlessId(measureId);
        Measure measure = api.measure(staff.credential(), measureId);
        LocalDate today = LocalDate.now(JapanTime.JAPAN);
        return consultationForm(new ConsultationForm(measure.measureId(), measure.version(),
                measure.number() + " " + measure.title() + "の見直し（案）", null, "網走市市民意見公募手続要綱", null, null,
                today, today.plusDays(DEFAULT_PERIOD_DAYS - 1)), Map.of(), model);
    }

    @PostMapping("/desk/consultations/new")
    String openConsultation(StaffAuthentication staff, @ModelAttribute ConsultationForm form, Model model,
                            RedirectAttributes redirect) {
        Map<String, String> problems = form.problems();
        if (!problems.isEmpty()) {
            PageStatus.set(HttpStatus.BAD_REQUEST);
            return consultationForm(form, problems, model);
        }
        try {
            var opened = api.openConsultation(staff.credential(), new NewConsultation(form.title(), form.summary(),
                    properties.planId(), List.of(new ConsultationTarget(form.measureId(), form.measureVersion(),
                    List.of(), List.of())), form.legalBasis(), form.department(), form.contact(),
                    form.publicationDate(), form.deadline()));
            // back to the desk's list, which every member of staff may read (moderating it needs a moderator)
            redirect.addFlashAttribute("message", "意見募集「" + opened.title() + "」を登録しました（公示日に公開されます）。");
            return "redirect:/desk";
        } catch (ApiProblemException e) {
            if (e.status() != HttpStatus.BAD_REQUEST.value() && e.status() != HttpStatus.CONFLICT.value()) {
                throw e;
            }
            Map<String, String> fromService = new LinkedHashMap<>();
            e.fieldErrors().forEach((field, message) -> fromService.putIfAbsent(ConsultationForm.formField(field),
                    message));
            if (fromService.isEmpty()) {
                fromService.put("title", e.getMessage() == null ? "登録できませんでした。" : e.getMessage());
            }
            PageStatus.set(HttpStatus.BAD_REQUEST);
            return consultationForm(form, fromService, model);
        }
    }

    private String consultationForm(ConsultationForm form, Map<String, String> problems, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("problems", problems);
        return "desk-consultation-new";
    }

    private String invalid(Measure measure, MeasureEdit edit, Map<String, String> problems, Model model) {
        PageStatus.set(HttpStatus.BAD_REQUEST);
        return editForm(measure, edit, problems, model);
    }

    private String editForm(Measure measure, MeasureEdit edit, Map<String, String> problems, Model model) {
        model.addAttribute("measure", measure);
        model.addAttribute("edit", edit);
        model.addAttribute("problems", problems);
        return "desk-measure-edit";
    }
}
