package jp.renkei.support.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** What any service with the web edge switched on gets: problems naming the field, never the rejected value. */
class ProblemDetailsExceptionHandlerTest {

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new SampleController())
            .setControllerAdvice(new ProblemDetailsExceptionHandler())
            .addFilters(new RequestBodyLimit(64))
            .build();

    @Test
    void anInvalidFieldIsA400NamingIt() throws Exception {
        mvc.perform(get("/things/bad"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://renkei.jp/problems/invalid-request"))
                .andExpect(jsonPath("$.field").value("thingId"))
                .andExpect(jsonPath("$.errors[0].field").value("thingId"));
    }

    @Test
    void notFoundIsItsOwnStatus() throws Exception {
        mvc.perform(get("/things/missing")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://renkei.jp/problems/not-found"));
    }

    /** What a service's own advice answers for a conflict of its domain. */
    @Test
    void aConflictNamesItsTypeTheFieldAndWhatHelpsTheCallerGoOn() {
        org.springframework.http.ProblemDetail closed = ProblemDetailsExceptionHandler.conflict("closed", "Closed",
                "status", "the thing is closed", Map.of("currentStatus", "CLOSED"));
        org.assertj.core.api.Assertions.assertThat(closed.getStatus()).isEqualTo(409);
        org.assertj.core.api.Assertions.assertThat(closed.getType()).hasToString("https://renkei.jp/problems/closed");
        org.assertj.core.api.Assertions.assertThat(closed.getTitle()).isEqualTo("Closed");
        org.assertj.core.api.Assertions.assertThat(closed.getProperties())
                .containsExactlyInAnyOrderEntriesOf(Map.of("field", "status", "currentStatus", "CLOSED"));
        org.assertj.core.api.Assertions.assertThat(ProblemDetailsExceptionHandler.conflict("busy", "Busy", null,
                "try again", Map.of()).getProperties()).isNull();
    }

    @Test
    void aBeanValidationFailureNamesTheFieldButNotTheValue() throws Exception {
        mvc.perform(post("/things").header("X-Actor", "a").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"秘密の値\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("name"))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("秘密"))));
    }

    @Test
    void aMissingHeaderIsNamed() throws Exception {
        mvc.perform(post("/things").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"a\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("X-Actor"));
    }

    @Test
    void anUnknownFieldAndABrokenBodyAre400s() throws Exception {
        mvc.perform(post("/things").header("X-Actor", "a").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":[1]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("name"));
        mvc.perform(post("/things").header("X-Actor", "a").contentType(MediaType.APPLICATION_JSON).content("{\"name\":"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://renkei.jp/problems/unreadable-body"));
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        mvc.perform(post("/things").header("X-Actor", "a").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + "あ".repeat(100) + "\"}"))
                .andExpect(status().isContentTooLarge())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void theUnexpectedIsA500WithoutInternals() throws Exception {
        mvc.perform(get("/things/boom"))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.detail").value("the service could not complete the request; it has been logged"));
    }

    record NewThing(@NotBlank @Size(max = 3) String name) {
    }

    @RestController
    static class SampleController {

        @GetMapping("/things/{thingId}")
        Map<String, String> thing(@PathVariable String thingId) {
            switch (thingId) {
                case "bad" -> throw new InvalidFieldException("thingId", "not a thing id");
                case "missing" -> throw new ResourceNotFoundException("no thing missing");
                case "boom" -> throw new IllegalStateException("secret internals");
                default -> {
                    return Map.of("id", thingId);
                }
            }
        }

        @PostMapping("/things")
        Map<String, String> create(@RequestHeader("X-Actor") String actor, @Valid @RequestBody NewThing thing) {
            return Map.of("name", thing.name());
        }
    }
}
