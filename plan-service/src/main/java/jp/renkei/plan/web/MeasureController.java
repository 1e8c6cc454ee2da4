package jp.renkei.plan.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Set;
import jp.renkei.plan.measure.Measure;
import jp.renkei.plan.measure.MeasureService;
import jp.renkei.plan.measure.MeasureStatus;
import jp.renkei.plan.measure.NewMeasure;
import jp.renkei.plan.plan.PlanDocument;
import jp.renkei.plan.plan.PlanRepository;
import jp.renkei.support.web.InvalidFieldException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RestController
// bodies are marked @Validated, not @Valid: the argument resolver validates them (400 naming the field), and the
// method validation this class's @Validated brings (for the path variables' patterns) cascades into @Valid arguments
// only, so a body is validated once, not twice
@Validated
@RequestMapping("/plans/{planId}/measures")
class MeasureController {

    private final MeasureService measures;
    private final PlanRepository plans;
    private final JsonMapper json;
    private final Validator validator;
    private final PublicReads publicReads;

    MeasureController(MeasureService measures, PlanRepository plans, JsonMapper json, Validator validator,
                      PublicReads publicReads) {
        this.measures = measures;
        this.plans = plans;
        this.json = json;
        this.validator = validator;
        this.publicReads = publicReads;
    }

    @GetMapping
    List<MeasureView> list(@PathVariable @Pattern(regexp = Ids.PATTERN) String planId) {
        return measures.list(planId).stream().map(MeasureView::of).toList();
    }

    /** One measure; for the public from a moment's cache of its JSON (see {@link PublicReads}). */
    @GetMapping("/{measureId}")
    ResponseEntity<?> get(@PathVariable @Pattern(regexp = Ids.PATTERN) String planId,
                          @PathVariable @Pattern(regexp = Ids.PATTERN) String measureId, Authentication caller) {
        if (!PublicReads.isPublic(caller)) {
            return withETag(ResponseEntity.ok(), measures.get(planId, measureId));
        }
        return publicReads.measure(planId, measureId, () -> {
            Measure measure = measures.get(planId, measureId);
            return new PublicReads.Json(json.writeValueAsBytes(MeasureView.of(measure)),
                    Long.toString(measure.version()));
        });
    }

    /** Creates a measure as a DRAFT at version 1 in one of the plan's goals and areas. */
    @PostMapping
    ResponseEntity<MeasureView> create(@PathVariable @Pattern(regexp = Ids.PATTERN) String planId,
                                       @Validated @RequestBody MeasureRequest request, Principal principal) {
        if (request.measureId() == null) {
            throw new InvalidFieldException("measureId", "a new measure needs an id, like 5-2-3");
        }
        PlanDocument plan = plans.findById(planId).orElseThrow(() -> new PlanNotFoundException(planId));
        if (request.goalNumber() == null || plan.goals().stream().noneMatch(g -> g.number() == request.goalNumber())) {
            throw new InvalidFieldException("goalNumber", "plan " + planId + " has no goal " + request.goalNumber());
        }
        boolean areaInGoal = plan.goals().stream().filter(g -> g.number() == request.goalNumber())
                .flatMap(goal -> goal.areas().stream()).anyMatch(area -> area.id().equals(request.areaId()));
        if (!areaInGoal) {
            throw new InvalidFieldException("areaId",
                    "goal " + request.goalNumber() + " of plan " + planId + " has no area " + request.areaId());
        }
        Measure created = measures.create(new NewMeasure(plan.municipalityId(), planId, request.goalNumber(),
                request.areaId(), request.measureId(), request.number(), request.toContent(), MeasureStatus.DRAFT),
                editor(principal), request.reason());
        return changed(ResponseEntity.created(URI.create("/plans/" + planId + "/measures/" + created.measureId())),
                created);
    }

    /** Replaces a measure's content; {@code If-Match} must carry the version the editor read (its ETag). */
    @PutMapping("/{measureId}")
    ResponseEntity<MeasureView> replace(@PathVariable @Pattern(regexp = Ids.PATTERN) String planId,
                                        @PathVariable @Pattern(regexp = Ids.PATTERN) String measureId,
                                        @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                        @Validated @RequestBody MeasureRequest request, Principal principal) {
        long expectedVersion = Versions.fromIfMatch(ifMatch);
        return changed(ResponseEntity.ok(), measures.revise(planId, measureId, expectedVersion, current -> {
            checkPlacement(request, current);
            return request.toContent();
        }, Callers.actor(principal), request.reason()));
    }

    /** Changes part of a measure with a JSON Merge Patch (RFC 7386) of its editable fields. */
    @PatchMapping(path = "/{measureId}", consumes = MergePatch.MEDIA_TYPE)
    ResponseEntity<MeasureView> patch(@PathVariable @Pattern(regexp = Ids.PATTERN) String planId,
                                      @PathVariable @Pattern(regexp = Ids.PATTERN) String measureId,
                                      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                      @RequestBody JsonNode patch, Principal principal) {
        long expectedVersion = Versions.fromIfMatch(ifMatch);
        if (!patch.isObject()) {
            throw new InvalidFieldException("body", "a merge patch of a measure is a JSON object");
        }
        return changed(ResponseEntity.ok(), measures.revise(planId, measureId, expectedVersion, current -> {
            JsonNode patched = MergePatch.apply(json.valueToTree(MeasureRequest.of(current)), patch);
            MeasureRequest request = json.treeToValue(patched, MeasureRequest.class);
            Set<ConstraintViolation<MeasureRequest>> violations = validator.validate(request);
            if (!violations.isEmpty()) {
                throw new ConstraintViolationException(violations);
            }
            checkPlacement(request, current);
            return request.toContent();
        }, Callers.actor(principal), reasonOf(patch)));
    }

    /** A lifecycle step: DRAFT → IN_CONSULTATION → ADOPTED → ARCHIVED (409 for a step the lifecycle forbids). */
    @PostMapping("/{measureId}/status")
    ResponseEntity<MeasureView> changeStatus(@PathVariable @Pattern(regexp = Ids.PATTERN) String planId,
                                             @PathVariable @Pattern(regexp = Ids.PATTERN) String measureId,
                                             @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                             @Validated @RequestBody StatusChangeRequest request, Principal principal) {
        long expectedVersion = Versions.fromIfMatch(ifMatch);
        return changed(ResponseEntity.ok(), measures.changeStatus(planId, measureId, expectedVersion,
                request.status(), editor(principal), request.reason()));
    }

    /** Archives a measure: the last step of its lifecycle; it stays readable with its history. */
    @PostMapping("/{measureId}/archive")
    ResponseEntity<MeasureView> archive(@PathVariable @Pattern(regexp = Ids.PATTERN) String planId,
                                        @PathVariable @Pattern(regexp = Ids.PATTERN) String measureId,
                                        @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                        @Validated @RequestBody(required = false) ArchiveRequest request,
                                        Principal principal) {
        long expectedVersion = Versions.fromIfMatch(ifMatch);
        return changed(ResponseEntity.ok(), measures.changeStatus(planId, measureId, expectedVersion,
                MeasureStatus.ARCHIVED, editor(principal), request == null ? null : request.reason()));
    }

    /**
     * A co-owner of a joint plan approves the measure's current version (409 naming the current version when it is
     * stale); the owner's staff approve by adopting. Approving again what it already approved changes nothing.
     */
    @PostMapping("/{measureId}/approvals")
    ResponseEntity<MeasureView> approve(@PathVariable @Pattern(regexp = Ids.PATTERN) String planId,
                                        @PathVariable @Pattern(regexp = Ids.PATTERN) String measureId,
                                        @Validated @RequestBody ApprovalRequest request, Principal principal) {
        return changed(ResponseEntity.ok(), measures.approve(planId, measureId, request.version(),
                Callers.actor(principal), request.comment()));
    }

    /** The version approved (the measure's ETag as read) and an optional comment for the owner. */
    record ApprovalRequest(@jakarta.validation.constraints.NotNull @jakarta.validation.constraints.Min(1) Long version,
                           @jakarta.validation.constraints.Size(max = 2000) String comment) {
    }

    record ArchiveRequest(@jakarta.validation.constraints.Size(max = 2000) String reason) {
    }

    private static void checkPlacement(MeasureRequest request, Measure current) {
        disagree("measureId", request.measureId(), current.measureId());
        disagree("goalNumber", request.goalNumber(), current.goalNumber());
        disagree("areaId", request.areaId(), current.areaId());
    }

    private static void disagree(String field, Object given, Object actual) {
        if (given != null && !given.equals(actual)) {
            throw new InvalidFieldException(field, field + " in the body (" + given + ") differs from the measure ("
                    + actual + "); a measure does not move");
        }
    }

    /** The patch's reason for the change: validated with the patched request before the change is made. */
    private static String reasonOf(JsonNode patch) {
        JsonNode reason = patch.get("reason");
        return reason == null || !reason.isString() ? null : reason.asString();
    }

    private static String editor(Principal principal) {
        return Callers.actor(principal).subject();
    }

    private static ResponseEntity<MeasureView> withETag(ResponseEntity.BodyBuilder response, Measure measure) {
        return response.eTag(Long.toString(measure.version())).body(MeasureView.of(measure));
    }

    /** The answer to a change: the new version, and the public's cached reads of it dropped. */
    private ResponseEntity<MeasureView> changed(ResponseEntity.BodyBuilder response, Measure measure) {
        publicReads.changed(measure.planId(), measure.measureId());
        return withETag(response, measure);
    }
}
