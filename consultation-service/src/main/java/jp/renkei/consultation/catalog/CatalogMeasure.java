package jp.renkei.consultation.catalog;

import java.time.Instant;
import java.util.List;

/**
 * What consultation-service knows of a plan measure, kept from plan-service's events: enough to refuse
 * consultations on unknown measures and to notice a revision while a consultation is open.
 *
 * @param id            {@code planId/measureId}
 * @param goalNumber    the goal (目標) the measure belongs to; with {@code areaId}, what subscriptions may select on
 * @param version       the newest version seen; older or repeated events never move it back
 * @param lastEventId   the event that produced this state
 */
public record CatalogMeasure(String id, String planId, Integer goalNumber, String areaId, String measureId, String title,
                             List<String> tags,
                             String status, long version, String lastEventId, String lastEventType, Instant updatedAt) {
}
