package jp.renkei.consultation.cases;

import java.time.Instant;

/**
 * One staff or moderator action, kept in the same document as the change it made (so an action is never without
 * its entry). {@code detail} never holds personal data.
 */
public record AuditEntry(Instant at, String actor, String action, String target, String detail) {
}
