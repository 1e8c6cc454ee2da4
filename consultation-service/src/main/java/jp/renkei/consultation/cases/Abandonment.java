package jp.renkei.consultation.cases;

import java.time.Instant;

/** Why a consultation was called off; published with it. */
public record Abandonment(String reason, ConsultationStatus previousStatus, Instant at) {
}
