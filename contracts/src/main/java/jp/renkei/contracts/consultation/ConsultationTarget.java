package jp.renkei.contracts.consultation;

import java.util.List;

/**
 * A plan measure a consultation asks about, at the exact version that was put out for comment.
 *
 * @param sectionIds the sections of the measure in question (e.g. {@code basicPolicy}); empty for the whole measure
 * @param itemIds    items within those sections, optional
 */
public record ConsultationTarget(String measureId, long measureVersion, List<String> sectionIds, List<String> itemIds) {
}
