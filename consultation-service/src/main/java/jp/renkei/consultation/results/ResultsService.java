package jp.renkei.consultation.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import jp.renkei.consultation.catalog.CatalogMeasure;
import jp.renkei.consultation.catalog.MeasureCatalog;
import jp.renkei.consultation.cases.Consultation;
import jp.renkei.consultation.cases.ConsultationPeriod;
import jp.renkei.consultation.cases.ConsultationService;
import jp.renkei.consultation.cases.ConsultationStatus;
import jp.renkei.consultation.cases.ResultCounts;
import jp.renkei.consultation.opinion.CityResponse;
import jp.renkei.consultation.opinion.Opinion;
import jp.renkei.consultation.opinion.OpinionGroup;
import jp.renkei.consultation.opinion.OpinionStore;
import jp.renkei.consultation.opinion.Outcome;
import jp.renkei.contracts.consultation.ConsultationResultsPublished.RevisionFollowed;
import jp.renkei.contracts.consultation.ConsultationTarget;
import jp.renkei.consultation.refusal.NotFoundException;
import jp.renkei.consultation.refusal.StateConflictException;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes a closed consultation's result: every opinion considered (each visible one has the city's view, its own
 * or its group's), the outcomes, and the plan revision that followed. The document is frozen as JSON in the
 * consultation's document in the same update as the status and the event.
 */
@Service
public class ResultsService {

    static final String NO_OPINIONS = "意見の提出はありませんでした。";

    private final ConsultationService consultations;
    private final OpinionStore opinions;
    private final MeasureCatalog catalog;
    private final JsonMapper json;

    ResultsService(ConsultationService consultations, OpinionStore opinions, MeasureCatalog catalog, JsonMapper json) {
        this.consultations = consultations;
        this.opinions = opinions;
        this.catalog = catalog;
        this.json = json;
    }

    public String publish(String consultationId, String actor) {
        Consultation closed = consultations.get(consultationId);
        List<Opinion> all = opinions.byConsultation(consultationId);
        Map<String, OpinionGroup> groups = opinions.groups(consultationId).stream()
                .collect(Collectors.toMap(OpinionGroup::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        if (closed.status() == ConsultationStatus.CLOSED) {
            List<String> unanswered = all.stream().filter(opinion -> !opinion.isHidden())
                    .filter(opinion -> responseOf(opinion, groups) == null).map(Opinion::receipt).toList();
            if (!unanswered.isEmpty()) {
                throw new StateConflictException("responses-missing", "Opinions without the city's view", "response",
                        unanswered.size() + " opinions have no response yet; every opinion must be considered",
                        Map.of("receiptNumbers", unanswered));
            }
        }
        Consultation published = consultations.publishResults(consultationId, actor, c -> {
            ConsultationResult result = result(c, all, groups);
            return new ConsultationService.ResultsPublication(json.writeValueAsString(result), new ResultCounts(
                    result.opinionCount(), result.publishedOpinionCount(), result.hiddenOpinionCount(),
                    result.outcomeCounts(), result.revisions()));
        });
        return consultations.results(published.id()).orElseThrow();
    }

    /** The published result as JSON; 404 before it is published. */
    public String get(String consultationId) {
        Consultation consultation = consultations.get(consultationId);
        if (consultation.status() != ConsultationStatus.RESULTS_PUBLISHED) {
            throw new NotFoundException("consultation " + consultation.caseNumber() + " has no published result"
                    + " (status " + consultation.status() + ")");
        }
        return consultations.results(consultationId).orElseThrow();
    }

    public ConsultationResult getParsed(String consultationId) {
        return json.readValue(get(consultationId), ConsultationResult.class);
    }

    private ConsultationResult result(Consultation c, List<Opinion> all, Map<String, OpinionGroup> groups) {
        List<ConsultationResult.ResultOpinion> published = new ArrayList<>();
        Map<String, Long> outcomeCounts = new LinkedHashMap<>();
        for (Opinion opinion : all) {
            if (opinion.isHidden()) {
                published.add(new ConsultationResult.ResultOpinion(opinion.receipt(), opinion.measureIds(),
                        opinion.sectionId(), opinion.itemId(), null, false, false, true,
                        opinion.hidden().reason().name(), null, null, null, null));
                continue;
            }
            CityResponse response = responseOf(opinion, groups);
            if (response != null) {
                outcomeCounts.merge(response.outcome().name(), 1L, Long::sum);
            }
            published.add(new ConsultationResult.ResultOpinion(opinion.receipt(), opinion.measureIds(),
                    opinion.sectionId(), opinion.itemId(), opinion.publicText(), opinion.summary() != null,
                    opinion.redactedText() != null, false, null, opinion.groupId(),
                    response == null ? null : response.outcome().name(), response == null ? null : label(response.outcome()),
                    response == null ? null : response.text()));
        }
        List<ConsultationResult.ResultGroup> resultGroups = groups.values().stream()
                .map(group -> new ConsultationResult.ResultGroup(group.id(), group.label(),
                        all.stream().filter(o -> group.id().equals(o.groupId()) && !o.isHidden()).map(Opinion::receipt)
                                .toList(),
                        group.response() == null ? null : group.response().outcome().name(),
                        group.response() == null ? null : label(group.response().outcome()),
                        group.response() == null ? null : group.response().text()))
                .toList();
        long hidden = all.stream().filter(Opinion::isHidden).count();
        return new ConsultationResult(c.id(), c.caseNumber(), c.title(), c.planId(), c.targets(), c.legalBasis(),
                c.department(), c.publicationDate(), c.deadline(),
                ConsultationPeriod.days(c.publicationDate(), c.deadline()), c.shortenedPeriodReason(),
                c.resultsPublishedAt(), all.size(), all.size() - hidden, hidden, all.isEmpty(),
                all.isEmpty() ? NO_OPINIONS : null, outcomeCounts, published, resultGroups, revisions(c));
    }

    /** The opinion's own response, else its group's. */
    private static CityResponse responseOf(Opinion opinion, Map<String, OpinionGroup> groups) {
        if (opinion.response() != null) {
            return opinion.response();
        }
        OpinionGroup group = opinion.groupId() == null ? null : groups.get(opinion.groupId());
        return group == null ? null : group.response();
    }

    private List<RevisionFollowed> revisions(Consultation c) {
        List<RevisionFollowed> revisions = new ArrayList<>();
        for (ConsultationTarget target : c.targets()) {
            long latest = catalog.find(c.planId(), target.measureId()).map(CatalogMeasure::version)
                    .orElse(target.measureVersion());
            String diff = latest > target.measureVersion()
                    ? "/api/plans/" + c.planId() + "/measures/" + target.measureId() + "/diff?from="
                    + target.measureVersion() + "&to=" + latest
                    : null;
            revisions.add(new RevisionFollowed(target.measureId(), target.measureVersion(), latest, diff));
        }
        return revisions;
    }

    private static String label(Outcome outcome) {
        return outcome.label();
    }
}
