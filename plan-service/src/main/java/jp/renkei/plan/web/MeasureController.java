package jp.renkei.plan.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import java.security.Principal;
import java.util.List;
import jp.renkei.plan.measure.Measure;
import jp.renkei.plan.measure.MeasureService;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/plans/{planId}/measures")
class MeasureController {

    /** The editor recorded for a change made without an authenticated caller. */
    static final String ANONYMOUS = "anonymous";

    private final MeasureService measures;

    MeasureController(MeasureService measures) {
        this.measures = measures;
    }

    @GetMapping
    List<MeasureView> list(@PathVariable @Pattern(regexp = Ids.PATTERN) String planId) {
        return measures.list(planId).stream().map(MeasureView::of).toList();
    }

    @GetMapping("/{measureId}")
    ResponseEntity<MeasureView> get(@PathVariable @Pattern(regexp = Ids.PATTERN) String planId,
                                    @PathVariable @Pattern(regexp = Ids.PATTERN) String measureId) {
        return withETag(measures.get(planId, measureId));
    }

    /** Replaces a measure's content; {@code If-Match} must carry the version the editor read (its ETag). */
    @PutMapping("/{measureId}")
    ResponseEntity<MeasureView> replace(@PathVariable @Pattern(regexp = Ids.PATTERN) String planId,
                                        @PathVariable @Pattern(regexp = Ids.PATTERN) String measureId,
                                        @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                        @Valid @RequestBody MeasureRevisionRequest request,
                                        Principal principal) {
        long expectedVersion = Versions.fromIfMatch(ifMatch);
        if (request.measureId() != null && !request.measureId().equals(measureId)) {
            throw new BodyDisagreesWithPathException("measureId", request.measureId(), measureId);
        }
        Measure revised = measures.revise(planId, measureId, expectedVersion, request.toContent(), principal == null ? ANONYMOUS : principal.getName(),
                request.reason());
        return withETag(revised);
    }

    private static ResponseEntity<MeasureView> withETag(Measure measure) {
        return ResponseEntity.ok().eTag(Long.toString(measure.version()))
                .body(MeasureView.of(measure));
    }
}
