package jp.renkei.consultation.hearing;

import java.time.LocalDate;

/** A community group's request for a 宅配トーク: which group, when, on what. */
public record GroupRequest(String groupName, LocalDate requestedDate, String topic) {
}
