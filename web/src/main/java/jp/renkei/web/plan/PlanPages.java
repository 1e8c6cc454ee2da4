package jp.renkei.web.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import jp.renkei.web.api.ApiModels.Consultation;
import jp.renkei.web.api.ApiModels.MeasureSummary;
import jp.renkei.web.api.ApiModels.RevisionSummary;
import jp.renkei.web.api.ApiModels.SearchHit;
import jp.renkei.web.api.GatewayApi;
import jp.renkei.web.api.PageNotFoundException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The plan for everyone: the tree, one measure, its versions and what changed between two, and search. */
@Controller
class PlanPages {

    /** Longer search words are cut, as the API accepts at most 200 characters. */
    private static final int MAX_SEARCH_LENGTH = 200;

    private final GatewayApi api;
    private final ReadingSearch readings;

    PlanPages(GatewayApi api, ReadingSearch readings) {
        this.api = api;
        this.readings = readings;
    }

    @GetMapping("/")
    String plan(Model model) {
        model.addAttribute("plan", api.plan());
        return "plan";
    }

    @GetMapping("/measures/{measureId}")
    String measure(@PathVariable String measureId, Model model) {
        checkId(measureId);
        var measure = api.measure(measureId);
        model.addAttribute("measure", measure);
        model.addAttribute("consultations", api.consultations().stream()
                .filter(consultation -> targets(consultation, measureId)).toList());
        return "measure";
    }

    @GetMapping("/measures/{measureId}/revisions")
    String revisions(@PathVariable String measureId, Model model) {
        checkId(measureId);
        model.addAttribute("measure", api.measure(measureId));
        List<RevisionSummary> newestFirst = new ArrayList<>(api.revisions(measureId));
        Collections.reverse(newestFirst);
        model.addAttribute("revisions", newestFirst);
        return "revisions";
    }

    @GetMapping("/measures/{measureId}/diff")
    String diff(@PathVariable String measureId, @RequestParam long from, @RequestParam long to, Model model) {
        checkId(measureId);
        if (from < 1 || to < 1) {
            throw new PageNotFoundException();
        }
        var before = api.revision(measureId, from);
        var after = api.revision(measureId, to);
        model.addAttribute("measure", after.measure());
        model.addAttribute("from", before.revision());
        model.addAttribute("to", after.revision());
        model.addAttribute("changes", MeasureSections.diff(before.measure(), after.measure()));
        return "diff";
    }

    @GetMapping("/search")
    String search(@RequestParam(name = "q", required = false) String words, Model model) {
        String query = words == null ? "" : words.strip();
        if (query.codePointCount(0, query.length()) > MAX_SEARCH_LENGTH) {
            query = query.substring(0, query.offsetByCodePoints(0, MAX_SEARCH_LENGTH));
        }
        model.addAttribute("q", query);
        if (!query.isEmpty()) {
            List<MeasureSummary> measures = api.plan().goals().stream().flatMap(goal -> goal.areas().stream())
                    .flatMap(area -> area.measures().stream()).toList();
            // the API's passages first, then the ones only a reading finds (a passage once, even if both find it)
            Set<SearchHit> hits = new LinkedHashSet<>(api.search(query));
            Set<String> found = new HashSet<>();
            hits.forEach(hit -> found.add(hit.measureId() + "\n" + hit.text()));
            readings.search(query, measures).stream().filter(hit -> found.add(hit.measureId() + "\n" + hit.text()))
                    .forEach(hits::add);
            model.addAttribute("hits", List.copyOf(hits));
            model.addAttribute("titles", measures.stream().collect(Collectors.toMap(MeasureSummary::measureId,
                    measure -> measure.number() + " " + measure.title(), (first, second) -> first)));
        }
        return "search";
    }

    private static boolean targets(Consultation consultation, String measureId) {
        return consultation.targets() != null
                && consultation.targets().stream().anyMatch(target -> measureId.equals(target.measureId()));
    }

    /** An id that cannot be a measure's is a missing page, not a call to the API. */
    private static void checkId(String id) {
        PageNotFoundException.unlessId(id);
    }
}
