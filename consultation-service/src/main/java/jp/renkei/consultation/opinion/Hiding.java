package jp.renkei.consultation.opinion;

import java.time.Instant;

/** @param note the moderator's own words; published with the reason, so never personal data */
public record Hiding(HideReason reason, String note, String by, Instant at) {
}
