package jp.renkei.consultation.opinion;

/**
 * An opinion as a citizen submits it.
 *
 * @param measureId optional: one of the consultation's measures, when the opinion concerns only that one
 * @param sectionId optional: the section of the draft it concerns
 * @param itemId    optional: the item within that section
 * @param submitter may be null when the guideline requires no submitter field
 */
public record NewOpinion(String measureId, String sectionId, String itemId, String text, Submitter submitter) {
}
