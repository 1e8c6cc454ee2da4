package jp.renkei.consultation.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import jp.renkei.support.web.SingleLine;

/** Request bodies of the consultation API. */
final class ConsultationRequests {

    private ConsultationRequests() {
    }

    record CreateConsultation(@NotBlank @Size(max = 200) @SingleLine String title, @Size(max = 4000) String summary,
                              @NotBlank @Pattern(regexp = Ids.PATTERN) String planId,
                              @NotEmpty @Size(max = 20) List<@Valid @NotNull Target> targets,
                              @NotBlank @Size(max = 500) String legalBasis,
                              @NotBlank @Size(max = 200) @SingleLine String department,
                              @NotBlank @Size(max = 500) String contact, @NotNull LocalDate publicationDate,
                              @NotNull LocalDate deadline, @Size(max = 1000) String shortenedPeriodReason,
                              @Size(max = 20) List<@Valid @NotNull Attachment> attachments) {
    }

    record Target(@NotBlank @Pattern(regexp = Ids.PATTERN) String measureId, @NotNull @Min(1) Long measureVersion,
                  @Size(max = 50) List<@NotNull @Pattern(regexp = Ids.PATTERN) String> sectionIds,
                  @Size(max = 50) List<@NotNull @Pattern(regexp = Ids.PATTERN) String> itemIds) {
    }

    record Attachment(@NotBlank @Size(max = 200) @SingleLine String title,
                      @NotBlank @Size(max = 2000) @Pattern(regexp = "https?://[^\\s]+") String url) {
    }

    record Extend(@NotNull LocalDate deadline, @NotBlank @Size(max = 2000) String reason) {
    }

    record Abandon(@NotBlank @Size(max = 2000) String reason) {
    }

    record Hide(@NotNull jp.renkei.consultation.opinion.HideReason reason, @Size(max = 500) String note) {
    }

    record Redact(@NotBlank @Size(max = 2000) String passage) {
    }

    record Summarise(@NotBlank @Size(max = 4000) String summary) {
    }

    record Respond(@NotNull jp.renkei.consultation.opinion.Outcome outcome, @NotBlank @Size(max = 8000) String text) {
    }

    record Group(@NotBlank @Size(max = 200) @SingleLine String label,
                 @NotEmpty @Size(max = 500) List<@NotBlank @Pattern(regexp = Ids.PATTERN) String> opinionIds) {
    }
}
