package jp.renkei.consultation.hearing;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import jp.renkei.consultation.cases.AuditEntry;
import jp.renkei.consultation.cases.ConsultationPeriod;
import jp.renkei.consultation.catalog.CatalogMeasure;
import jp.renkei.consultation.catalog.MeasureCatalog;
import jp.renkei.consultation.opinion.OpinionStore;
import jp.renkei.consultation.participation.Contribution;
import jp.renkei.consultation.participation.ParticipationService;
import jp.renkei.consultation.refusal.InvalidFieldException;
import jp.renkei.consultation.refusal.NotFoundException;
import jp.renkei.consultation.refusal.StateConflictException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/** Intake records of the listening channels ({@code hearings}), and the per-measure report of a fiscal year. */
@Service
public class HearingService {

    /** Where hearing records are kept; the participation tallies read one by id to settle its reservation. */
    public static final String COLLECTION = "hearings";

    private final MongoTemplate mongo;
    private final MeasureCatalog catalog;
    private final OpinionStore opinions;
    private final ParticipationService participation;
    private final Clock clock;

    HearingService(MongoTemplate mongo, MeasureCatalog catalog, OpinionStore opinions,
                   ParticipationService participation, Clock clock) {
        this.mongo = mongo;
        this.catalog = catalog;
        this.opinions = opinions;
        this.participation = participation;
        this.clock = clock;
    }

    /**
     * Stores an intake record; it counts in the participation tally of each of its measures for the 年度 of its
     * date, announced before it is stored and counted after ({@link ParticipationService}).
     */
    public HearingRecord receive(HearingChannel channel, LocalDate date, String summary, List<String> topics,
                                 String planId, List<String> measureIds, GroupRequest groupRequest, boolean publishable,
                                 String actor) {
        for (int i = 0; i < measureIds.size(); i++) {
            String measureId = measureIds.get(i);
            if (catalog.find(planId, measureId).isEmpty()) {
                throw new InvalidFieldException("measureIds[" + i + "]", "no measure " + measureId + " in plan " + planId);
            }
        }
        if (groupRequest != null && channel != HearingChannel.DELIVERY_TALK) {
            throw new InvalidFieldException("groupRequest", "only a 宅配トーク (DELIVERY_TALK) has a group request");
        }
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        HearingRecord record = new HearingRecord(id, channel, date, summary, List.copyOf(topics), planId,
                List.copyOf(measureIds), groupRequest, HearingStatus.RECEIVED, null, publishable, 1, now, actor,
                List.of(new AuditEntry(now, actor, "received", id, channel.name())));
        Contribution contribution = Contribution.hearingRecord(id, planId, record.measureIds(), date);
        participation.reserve(contribution);
        mongo.insert(record, COLLECTION);
        participation.count(contribution);
        return record;
    }

    public HearingRecord get(String id) {
        return find(id).orElseThrow(() -> new NotFoundException("no hearing record " + id));
    }

    /** Records of a channel and/or measure; {@code publishedOnly} for the public: publishable and answered. */
    public List<HearingRecord> list(HearingChannel channel, String measureId, boolean publishedOnly) {
        Criteria criteria = new Criteria();
        if (channel != null) {
            criteria.and("channel").is(channel.name());
        }
        if (measureId != null) {
            criteria.and("measureIds").is(measureId);
        }
        if (publishedOnly) {
            criteria.and("publishable").is(true).and("status").in(HearingStatus.ANSWERED.name(), HearingStatus.CLOSED.name());
        }
        return mongo.find(query(criteria).with(Sort.by(Sort.Direction.DESC, "date")), HearingRecord.class, COLLECTION);
    }

    public HearingRecord answer(String id, String response, boolean publishable, String actor) {
        return change(id, actor, "answered", record -> record.answered(response, publishable));
    }

    public HearingRecord close(String id, String actor) {
        return change(id, actor, "closed", HearingRecord::closed);
    }

    /**
     * Per measure of the catalog, how many opinions and hearing records touched it in fiscal year {@code year}
     * (年度: April 1 of {@code year} to March 31 of the next, Japan time).
     */
    public List<MeasureActivity> report(int year) {
        Instant from = LocalDate.of(year, 4, 1).atStartOfDay(ConsultationPeriod.JAPAN).toInstant();
        Instant to = LocalDate.of(year + 1, 4, 1).atStartOfDay(ConsultationPeriod.JAPAN).toInstant();
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (CatalogMeasure measure : catalog.all()) {
            counts.put(measure.measureId(), new long[2]);
        }
        opinions.measureIdsSubmittedBetween(from, to).forEach(ids ->
                ids.forEach(id -> counts.computeIfAbsent(id, unknown -> new long[2])[0]++));
        Query hearings = query(where("date").gte(Date.from(from)).lt(Date.from(to)));
        hearings.fields().include("measureIds");
        mongo.find(hearings, org.bson.Document.class, COLLECTION).forEach(record ->
                record.getList("measureIds", String.class, List.of())
                        .forEach(id -> counts.computeIfAbsent(id, unknown -> new long[2])[1]++));
        return counts.entrySet().stream()
                .map(entry -> new MeasureActivity(entry.getKey(), entry.getValue()[0], entry.getValue()[1])).toList();
    }

    private HearingRecord change(String id, String actor, String action, UnaryOperator<HearingRecord> step) {
        for (int attempt = 0; attempt < 5; attempt++) {
            HearingRecord current = get(id);
            HearingRecord changed = step.apply(current);
            Update update = new Update().set("status", changed.status()).set("response", changed.response())
                    .set("publishable", changed.publishable()).set("version", changed.version())
                    .push("audit", new AuditEntry(clock.instant(), actor, action, id, null));
            if (mongo.updateFirst(query(where("_id").is(id).and("version").is(current.version())), update, COLLECTION)
                    .getModifiedCount() == 1) {
                return changed;
            }
        }
        throw new StateConflictException("concurrent-change", "Changed concurrently", null,
                "hearing record " + id + " changed while this request was applied; try again", Map.of());
    }

    private java.util.Optional<HearingRecord> find(String id) {
        return java.util.Optional.ofNullable(mongo.findById(id, HearingRecord.class, COLLECTION));
    }

    /** One row of the report. */
    public record MeasureActivity(String measureId, long opinions, long hearingRecords) {
    }
}
