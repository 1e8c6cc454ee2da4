package jp.renkei.consultation.cases;

/** How many opinions a consultation received; the events carry the count, never the opinions. */
public interface OpinionCounts {

    long count(String consultationId);
}
