package jp.renkei.consultation.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.List;
import jp.renkei.consultation.cases.AuditEntry;
import jp.renkei.consultation.cases.Attachment;
import jp.renkei.consultation.cases.Consultation;
import jp.renkei.consultation.cases.ConsultationService;
import jp.renkei.consultation.cases.ConsultationStatus;
import jp.renkei.consultation.cases.NewConsultation;
import jp.renkei.consultation.moderation.ModerationService;
import jp.renkei.contracts.consultation.ConsultationTarget;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/consultations")
@Tag(name = "consultations", description = "Public comment cases (パブリックコメント) on plan measures")
class ConsultationController {

    private final ConsultationService consultations;
    private final ModerationService moderation;
    private final CaseVisibility visibility;

    ConsultationController(ConsultationService consultations, ModerationService moderation,
                           CaseVisibility visibility) {
        this.consultations = consultations;
        this.moderation = moderation;
        this.visibility = visibility;
    }

    @PostMapping
    @Operation(summary = "Create a consultation (DRAFT); it opens and closes by itself on its dates",
            description = "The period is at least 30 days from the publication date, both included, unless "
                    + "shortenedPeriodReason says why not. Every target measure must exist in plan-service.")
    ResponseEntity<ConsultationView> create(@AuthenticationPrincipal Jwt caller,
                                            @Valid @RequestBody ConsultationRequests.CreateConsultation request) {
        Consultation created = consultations.create(new NewConsultation(request.title(), request.summary(),
                request.planId(), request.targets().stream().map(target -> new ConsultationTarget(target.measureId(),
                        target.measureVersion(), orEmpty(target.sectionIds()), orEmpty(target.itemIds()))).toList(),
                request.legalBasis(), request.department(), request.contact(), request.publicationDate(),
                request.deadline(), request.shortenedPeriodReason(), orEmpty(request.attachments()).stream()
                        .map(attachment -> new Attachment(attachment.title(), attachment.url())).toList()),
                Staff.actor(caller));
        return ResponseEntity.created(URI.create("/consultations/" + created.id())).body(ConsultationView.of(created));
    }

    @GetMapping
    @Operation(summary = "Consultations, newest first; cases that have not opened yet only for staff")
    List<ConsultationView> list(@AuthenticationPrincipal Jwt caller,
                                @RequestParam(required = false) ConsultationStatus status) {
        return consultations.list(status).stream()
                .filter(c -> CaseVisibility.visibleTo(c, caller))
                .map(ConsultationView::of).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One consultation; one that has not opened yet is 404 except for staff")
    ConsultationView get(@AuthenticationPrincipal Jwt caller, @PathVariable @Pattern(regexp = Ids.PATTERN) String id) {
        return ConsultationView.of(visibility.get(id, caller));
    }

    @PostMapping("/{id}/deadline")
    @Operation(summary = "Extend the period of a DRAFT or OPEN consultation (e.g. after a revision flag)")
    ConsultationView extend(@AuthenticationPrincipal Jwt caller,
                            @PathVariable @Pattern(regexp = Ids.PATTERN) String id,
                            @Valid @RequestBody ConsultationRequests.Extend request) {
        return ConsultationView.of(consultations.extend(id, request.deadline(), request.reason(), Staff.actor(caller)));
    }

    @PostMapping("/{id}/abandon")
    @Operation(summary = "Call the consultation off, with a reason that is published")
    ConsultationView abandon(@AuthenticationPrincipal Jwt caller,
                             @PathVariable @Pattern(regexp = Ids.PATTERN) String id,
                             @Valid @RequestBody ConsultationRequests.Abandon request) {
        return ConsultationView.of(consultations.abandon(id, request.reason(), Staff.actor(caller)));
    }

    @GetMapping("/{id}/audit")
    @Operation(summary = "Moderators: every staff and moderator action on the consultation, oldest first")
    List<AuditEntry> audit(@PathVariable @Pattern(regexp = Ids.PATTERN) String id) {
        consultations.get(id);
        return moderation.audit(id);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
