package jp.renkei.consultation.opinion;

import java.time.Instant;

/**
 * What a submitter gets back: the receipt number to quote when asking about the opinion.
 *
 * @param replayed true when this answers a retried submission that had already been stored
 */
public record Receipt(String consultationId, String receiptNumber, Instant submittedAt, boolean replayed) {
}
