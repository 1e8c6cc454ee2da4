package jp.renkei.consultation.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jp.renkei.consultation.results.ConsultationResult;
import jp.renkei.consultation.results.ResultsService;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/consultations/{id}")
@Tag(name = "results", description = "The public result of a consultation (意見募集の結果)")
class ResultsController {

    private static final MediaType CSV = new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);

    private final ResultsService results;
    private final CaseVisibility visibility;

    ResultsController(ResultsService results, CaseVisibility visibility) {
        this.results = results;
        this.visibility = visibility;
    }

    @PostMapping(value = "/results", produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "201", description = "the published result",
            content = @Content(schema = @Schema(implementation = ConsultationResult.class)))
    @Operation(summary = "Moderators: publish the result of a CLOSED consultation; every visible opinion needs the city's view")
    ResponseEntity<String> publish(@AuthenticationPrincipal Jwt caller,
                                   @PathVariable @Pattern(regexp = Ids.PATTERN) String id) {
        String published = results.publish(id, Staff.actor(caller));
        return ResponseEntity.created(URI.create("/consultations/" + id + "/results"))
                .contentType(MediaType.APPLICATION_JSON).body(published);
    }

    @GetMapping(value = "/results", produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "the result, exactly as published",
            content = @Content(schema = @Schema(implementation = ConsultationResult.class)))
    @Operation(summary = "The published result: period, opinions (never personal data), the city's views, "
            + "outcomes and the plan revision that followed")
    ResponseEntity<String> get(@AuthenticationPrincipal Jwt caller,
                               @PathVariable @Pattern(regexp = Ids.PATTERN) String id) {
        visibility.get(id, caller);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(results.get(id));
    }

    @GetMapping(value = "/results.csv", produces = "text/csv")
    @Operation(summary = "The published opinions and responses as CSV (UTF-8 with BOM)")
    ResponseEntity<String> csv(@AuthenticationPrincipal Jwt caller,
                               @PathVariable @Pattern(regexp = Ids.PATTERN) String id) {
        visibility.get(id, caller);
        return ResponseEntity.ok().contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"consultation-" + id + "-results.csv\"")
                .body(ResultsCsv.render(results.getParsed(id)));
    }
}
