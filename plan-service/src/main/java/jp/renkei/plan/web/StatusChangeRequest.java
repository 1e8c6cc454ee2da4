package jp.renkei.plan.web;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jp.renkei.plan.measure.MeasureStatus;

/** A lifecycle step for a measure, with the reason for it. */
public record StatusChangeRequest(@NotNull MeasureStatus status, @Size(max = 2000) String reason) {
}
