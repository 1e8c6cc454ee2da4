package jp.renkei.contracts.consultation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Data of {@code jp.renkei.consultation.results-published.v1}: the result (opinions, the city's view, what changed)
 * is public at {@code resultsPath}. Counts only; the opinions themselves are in the result document.
 *
 * @param outcomeCounts how many published opinions got each outcome (REFLECTED, PARTIALLY_REFLECTED, NOT_REFLECTED,
 *                      FOR_REFERENCE)
 * @param revisions     per targeted measure, the version consulted on and the newest version when results came out
 */
public record ConsultationResultsPublished(String municipalityId, String planId, Integer goalNumber, String areaId,
        List<String> measureIds,
                                          List<String> tags, String consultationId, String caseNumber, long version,
                                          Instant publishedAt, long opinionCount, long publishedOpinionCount,
                                          long hiddenOpinionCount, Map<String, Long> outcomeCounts,
                                          List<RevisionFollowed> revisions, String resultsPath) {

    /** @param diffPath plan-service's diff between the two versions, or null when the measure did not change */
    public record RevisionFollowed(String measureId, long consultedVersion, long latestVersion, String diffPath) {
    }
}
