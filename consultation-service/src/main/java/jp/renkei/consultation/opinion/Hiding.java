package jp.renkei.consultation.opinion;

import java.time.Instant;

/** @param note the moderator's own words, for other moderators; the public result shows only the reason */
public record Hiding(HideReason reason, String note, String by, Instant at) {
}
