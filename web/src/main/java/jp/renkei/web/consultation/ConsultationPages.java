package jp.renkei.web.consultation;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.renkei.web.WebProperties;
import jp.renkei.web.api.ApiModels.Consultation;
import jp.renkei.web.api.ApiProblemException;
import jp.renkei.web.api.GatewayApi;
import jp.renkei.web.api.PageNotFoundException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Consultations (パブリックコメント) for everyone: the open and closed ones, one with its period and targets, the
 * opinion form with a confirmation step and a receipt, and the published results.
 */
@Controller
class ConsultationPages {

    private final GatewayApi api;
    private final WebProperties properties;

    ConsultationPages(GatewayApi api, WebProperties properties) {
        this.api = api;
        this.properties = properties;
    }

    @GetMapping("/consultations")
    String list(Model model) {
        List<Consultation> all = api.consultations();
        model.addAttribute("open", all.stream().filter(Consultation::open).toList());
        model.addAttribute("others", all.stream().filter(consultation -> !consultation.open()).toList());
        return "consultations";
    }

    @GetMapping("/consultations/{id}")
    String consultation(@PathVariable String id, Model model) {
        model.addAttribute("consultation", find(id));
        return "consultation";
    }

    @GetMapping("/consultations/{id}/results")
    String results(@PathVariable String id, Model model) {
        model.addAttribute("consultation", find(id));
        model.addAttribute("result", api.results(id));
        return "results";
    }

    @GetMapping("/consultations/{id}/opinion")
    String form(@PathVariable String id, Model model) {
        return form(find(id), new OpinionForm(null, null, null, null, null, null, null), Map.of(), model);
    }

    /** Back from the confirmation page with what was typed, to change it. */
    @PostMapping(path = "/consultations/{id}/opinion", params = "edit")
    String edit(@PathVariable String id, @ModelAttribute OpinionForm opinion, Model model) {
        return form(find(id), opinion, Map.of(), model);
    }

    @PostMapping(path = "/consultations/{id}/opinion", params = "confirm")
    String confirm(@PathVariable String id, @ModelAttribute OpinionForm opinion, Model model) {
        Consultation consultation = find(id);
        Map<String, String> problems = opinion.problems(properties);
        if (!problems.isEmpty() || !consultation.open()) {
            return form(consultation, opinion, problems, model);
        }
        model.addAttribute("consultation", consultation);
        model.addAttribute("opinion", opinion.withSubmission(UUID.randomUUID()));
        return "opinion-confirm";
    }

    @PostMapping(path = "/consultations/{id}/opinion", params = "send")
    String send(@PathVariable String id, @ModelAttribute OpinionForm opinion, Model model) {
        Consultation consultation = find(id);
        Map<String, String> problems = opinion.problems(properties);
        if (!problems.isEmpty() || opinion.submission() == null || !consultation.open()) {
            return form(consultation, opinion, problems, model);
        }
        try {
            model.addAttribute("consultation", consultation);
            model.addAttribute("receipt", api.submitOpinion(id, opinion.submission(), opinion.toOpinion()));
            return "opinion-receipt";
        } catch (ApiProblemException e) {
            if (e.status() != 400 && e.status() != 409) {
                throw e;
            }
            // the service checks again (its rules are the final word): its messages go beside the fields
            Map<String, String> fromService = new java.util.LinkedHashMap<>();
            e.fieldErrors().forEach((field, message) -> fromService.put(OpinionForm.formField(field), message));
            if (fromService.isEmpty()) {
                fromService.put("text", e.getMessage() == null ? "送信できませんでした。" : e.getMessage());
            }
            return form(api.consultation(id), opinion, fromService, model);
        }
    }

    private String form(Consultation consultation, OpinionForm opinion, Map<String, String> problems, Model model) {
        model.addAttribute("consultation", consultation);
        model.addAttribute("opinion", opinion);
        model.addAttribute("problems", problems);
        model.addAttribute("rules", properties);
        return "opinion-form";
    }

    private Consultation find(String id) {
        PageNotFoundException.unlessId(id);
        return api.consultation(id);
    }
}
