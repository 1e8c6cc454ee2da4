package jp.renkei.web.feed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import jp.renkei.web.api.ApiModels.Consultation;
import jp.renkei.web.api.ApiModels.MeasureSummary;
import jp.renkei.web.api.ApiModels.RevisionSummary;
import jp.renkei.web.api.GatewayApi;
import jp.renkei.web.api.PageNotFoundException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Atom feeds: the plan's changes (every measure's versions), the consultations (opened, closed, results published)
 * and one measure's versions. Entries are newest first, at most {@link #MAX_ENTRIES}.
 */
@Controller
class AtomFeeds {

    static final MediaType ATOM = MediaType.parseMediaType("application/atom+xml;charset=UTF-8");
    static final int MAX_ENTRIES = 50;

    private final GatewayApi api;

    AtomFeeds(GatewayApi api) {
        this.api = api;
    }

    @GetMapping("/feeds/plan.atom")
    ResponseEntity<String> plan() {
        var plan = api.plan();
        List<AtomWriter.Entry> entries = new ArrayList<>();
        for (var goal : plan.goals()) {
            for (var area : goal.areas()) {
                for (MeasureSummary measure : area.measures()) {
                    entries.addAll(revisionEntries(measure.measureId(), measure.number() + " " + measure.title()));
                }
            }
        }
        return atom(AtomWriter.feed("urn:renkei:" + plan.planId() + ":changes", plan.title() + " の更新",
                url("/feeds/plan.atom"), url("/"), newest(entries)));
    }

    @GetMapping("/feeds/measures/{measureId}.atom")
    ResponseEntity<String> measure(@PathVariable String measureId) {
        PageNotFoundException.unlessId(measureId);
        var measure = api.measure(measureId);
        String title = measure.number() + " " + measure.title();
        return atom(AtomWriter.feed("urn:renkei:" + measure.planId() + ":measures:" + measureId, title + " の更新",
                url("/feeds/measures/" + measureId + ".atom"), url("/measures/" + measureId),
                newest(revisionEntries(measureId, title))));
    }

    @GetMapping("/feeds/consultations.atom")
    ResponseEntity<String> consultations() {
        List<AtomWriter.Entry> entries = new ArrayList<>();
        for (Consultation c : api.consultations()) {
            String page = url("/consultations/" + c.id());
            String prefix = "urn:renkei:consultations:" + c.id() + ":";
            if (c.openedAt() != null) {
                entries.add(new AtomWriter.Entry(prefix + "opened", "意見募集開始：" + c.title(), c.openedAt(), page,
                        c.summary()));
            }
            if (c.closedAt() != null) {
                entries.add(new AtomWriter.Entry(prefix + "closed", "意見募集終了：" + c.title(), c.closedAt(), page,
                        null));
            }
            if (c.resultsPublishedAt() != null) {
                entries.add(new AtomWriter.Entry(prefix + "results", "結果公表：" + c.title(), c.resultsPublishedAt(),
                        url("/consultations/" + c.id() + "/results"), null));
            }
        }
        return atom(AtomWriter.feed("urn:renkei:consultations", "網走市 意見募集（パブリックコメント）",
                url("/feeds/consultations.atom"), url("/consultations"), newest(entries)));
    }

    private List<AtomWriter.Entry> revisionEntries(String measureId, String title) {
        List<AtomWriter.Entry> entries = new ArrayList<>();
        for (RevisionSummary revision : api.revisions(measureId)) {
            String link = revision.version() > 1
                    ? url("/measures/" + measureId + "/diff?from=" + (revision.version() - 1) + "&to=" + revision.version())
                    : url("/measures/" + measureId);
            entries.add(new AtomWriter.Entry("urn:renkei:measures:" + measureId + ":versions:" + revision.version(),
                    title + "（第" + revision.version() + "版）", revision.recordedAt(), link, revision.reason()));
        }
        return entries;
    }

    private static List<AtomWriter.Entry> newest(List<AtomWriter.Entry> entries) {
        return entries.stream().filter(entry -> entry.updated() != null)
                .sorted(Comparator.comparing(AtomWriter.Entry::updated, Comparator.<Instant>reverseOrder()))
                .limit(MAX_ENTRIES).toList();
    }

    /**
     * An absolute address as the reader sees it (behind the gateway: its host, from X-Forwarded-*). The path is this
     * class's own (ids and a query such as {@code ?from=1&to=2}), appended as it is: as a path its {@code ?} would be
     * encoded.
     */
    private static String url(String path) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString() + path;
    }

    private static ResponseEntity<String> atom(String feed) {
        return ResponseEntity.ok().contentType(ATOM).body(feed);
    }
}
