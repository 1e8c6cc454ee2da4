package jp.renkei.consultation.cases;

import java.util.List;
import java.util.Map;
import jp.renkei.contracts.consultation.ConsultationResultsPublished.RevisionFollowed;

/** The counts a published result adds to its event. */
public record ResultCounts(long opinionCount, long publishedOpinionCount, long hiddenOpinionCount,
                           Map<String, Long> outcomeCounts, List<RevisionFollowed> revisions) {
}
