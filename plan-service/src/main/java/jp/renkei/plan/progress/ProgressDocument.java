package jp.renkei.plan.progress;

import java.util.List;
import jp.renkei.messaging.outbox.OutboxEvent;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A measure's progress as stored, with its not yet published events, so that a change and its event are one
 * single-document write. {@code versionKey} names it at its current version under a unique index: a conditional
 * update selects by it alone, which the embedded store answers from the index, as measures do.
 */
@Document("progress")
record ProgressDocument(@Id String id, String planId, MeasureRef measure, long version, long sequence, String versionKey,
                        List<Indicator> indicatorVersions, List<Actual> actuals, List<Evaluation> evaluations,
                        List<FeedPosition> feedPositions, List<OutboxEvent> outbox) {

    static final String VERSION_KEY = "versionKey";

    static ProgressDocument of(Progress progress, List<OutboxEvent> outbox) {
        String id = ProgressStore.aggregateKey(progress.measure().planId(), progress.measure().measureId());
        return new ProgressDocument(id, progress.measure().planId(), progress.measure(), progress.version(),
                progress.sequence(), versionKey(id, progress.version()), progress.indicatorVersions(), progress.actuals(),
                progress.evaluations(), progress.feedPositions(), outbox);
    }

    static String versionKey(String id, long version) {
        return id + "@" + version;
    }

    Progress toProgress() {
        return new Progress(measure, version, sequence, nonNull(indicatorVersions), nonNull(actuals), nonNull(evaluations),
                nonNull(feedPositions));
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
