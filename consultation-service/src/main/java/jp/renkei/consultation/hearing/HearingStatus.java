package jp.renkei.consultation.hearing;

/** RECEIVED → ANSWERED → CLOSED. */
public enum HearingStatus {
    RECEIVED, ANSWERED, CLOSED
}
