package jp.renkei.contracts.consultation;

import java.time.Instant;
import java.util.List;

/**
 * Data of {@code jp.renkei.consultation.participation-tallied.v1}: how many opinions and hearing records (広聴) have
 * concerned one measure in one fiscal year (年度, April to March, Japan time), counted as each was accepted. Counts
 * only; no opinion, record or person is named. A later tally of the same measure and year has a higher
 * {@code tallyVersion} and supersedes every earlier one.
 *
 * @param measureIds        the measure alone, so subscriptions select the event as they select other measures' events
 * @param fiscalYear        the 年度 by the year of its April, e.g. 2025 for 令和7年度
 * @param opinionCount      opinions submitted in the year on the measure, hidden ones included (they were received)
 * @param hearingRecordCount hearing records dated in the year that concern the measure
 * @param tallyVersion      counts the changes of this tally: a consumer keeps the highest it has seen
 * @param asOf              when the last counted opinion or record was accepted
 */
public record ParticipationTallied(String municipalityId, String planId, Integer goalNumber, String areaId,
                                   String measureId, List<String> measureIds, List<String> tags, int fiscalYear,
                                   long opinionCount, long hearingRecordCount, long tallyVersion, Instant asOf) {
}
