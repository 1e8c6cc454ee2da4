package jp.renkei.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import jp.renkei.gateway.access.AccessMatrix.Decision;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class AccessMatrixTest {

    private static final String START = "<!-- access-matrix:start (generated from AccessMatrix; AccessMatrixTest checks it) -->";
    private static final String END = "<!-- access-matrix:end -->";

    private final Caller anonymous = Caller.anonymous();
    private final Caller editor = caller(Role.PLAN_EDITOR, null);
    private final Caller ozora = caller(Role.PARTNER, "ozora");
    private final Caller operator = caller(Role.OPERATOR, null);

    @Test
    void theReadmeShowsTheMatrixTheGatewayEnforces() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertThat(start).as("README.md has the access matrix markers").isNotNegative();
        assertThat(readme.substring(start + START.length(), end).strip())
                .isEqualTo(AccessMatrix.markdownTable().strip());
    }

    @Test
    void planWritesNeedAnEditorAndAnonymousCallersAreAskedToAuthenticate() {
        String measure = "/api/plans/abashiri-comprehensive-plan/measures/5-2-2";
        assertThat(AccessMatrix.decide(HttpMethod.GET, measure, anonymous)).isEqualTo(Decision.ALLOW);
        assertThat(AccessMatrix.decide(HttpMethod.PUT, measure, anonymous)).isEqualTo(Decision.UNAUTHENTICATED);
        assertThat(AccessMatrix.decide(HttpMethod.POST, measure + "/status", ozora)).isEqualTo(Decision.FORBIDDEN);
        assertThat(AccessMatrix.decide(HttpMethod.POST, "/api/plans/abashiri-comprehensive-plan/measures", ozora))
                .isEqualTo(Decision.FORBIDDEN);
        assertThat(AccessMatrix.decide(HttpMethod.PUT, measure, operator)).isEqualTo(Decision.FORBIDDEN);
        assertThat(AccessMatrix.decide(HttpMethod.PUT, measure, editor)).isEqualTo(Decision.ALLOW);
        assertThat(AccessMatrix.decide(HttpMethod.POST, "/api/plans", editor)).isEqualTo(Decision.ALLOW);
    }

    /** Joint plans (issue #14): plan-service checks which plans a partner co-owns; the gateway lets partners try. */
    @Test
    void aPartnerReachesOnlyTheRevisionPatchAndApprovalOfMeasuresAndOnlyPartnersApprove() {
        String measure = "/api/plans/abashiri-ozora-settlement-vision/measures/sv-medical";
        Caller council = caller(Role.PARTNER, "okhotsk-council");
        assertDecisions(
                expect(HttpMethod.PUT, measure, ozora, Decision.ALLOW),
                expect(HttpMethod.PATCH, measure, ozora, Decision.ALLOW),
                expect(HttpMethod.PUT, measure, council, Decision.ALLOW),
                expect(HttpMethod.POST, measure + "/approvals", ozora, Decision.ALLOW),
                expect(HttpMethod.POST, measure + "/approvals", editor, Decision.FORBIDDEN),
                expect(HttpMethod.POST, measure + "/approvals", operator, Decision.FORBIDDEN),
                expect(HttpMethod.POST, measure + "/approvals", anonymous, Decision.UNAUTHENTICATED),
                expect(HttpMethod.PUT, measure, editor, Decision.ALLOW),
                expect(HttpMethod.PUT, measure, operator, Decision.FORBIDDEN),
                expect(HttpMethod.DELETE, measure, ozora, Decision.FORBIDDEN),
                expect(HttpMethod.POST, measure + "/status", ozora, Decision.FORBIDDEN),
                expect(HttpMethod.POST, measure + "/archive", ozora, Decision.FORBIDDEN),
                expect(HttpMethod.PUT, measure + "/indicators/a", ozora, Decision.FORBIDDEN),
                expect(HttpMethod.PUT, measure + "/approvals", ozora, Decision.FORBIDDEN));
    }

    @Test
    void everyoneReadsProgressAndOnlyEditorsChangeIt() {
        String measure = "/api/plans/abashiri-comprehensive-plan/measures/5-2-2";
        assertDecisions(
                expect(HttpMethod.GET, measure + "/progress", anonymous, Decision.ALLOW),
                expect(HttpMethod.GET, "/api/plans/abashiri-comprehensive-plan/progress.csv", anonymous, Decision.ALLOW),
                expect(HttpMethod.GET, "/api/plans/abashiri-comprehensive-plan/progress/rollup", ozora, Decision.ALLOW),
                expect(HttpMethod.GET, measure + "/evaluations/2025", anonymous, Decision.ALLOW),
                expect(HttpMethod.POST, measure + "/indicators", anonymous, Decision.UNAUTHENTICATED),
                expect(HttpMethod.PUT, measure + "/indicators/a/actuals/2025", ozora, Decision.FORBIDDEN),
                expect(HttpMethod.POST, measure + "/evaluations/2025/publish", operator, Decision.FORBIDDEN),
                expect(HttpMethod.PUT, measure + "/indicators/a/actuals/2025", editor, Decision.ALLOW),
                expect(HttpMethod.POST, measure + "/evaluations/2025/publish", editor, Decision.ALLOW));
    }

    @Test
    void aPartnerIsBoundToItsOwnIdAndAnOperatorToNone() {
        assertThat(AccessMatrix.decide(HttpMethod.GET, "/api/partners/ozora/feed", ozora)).isEqualTo(Decision.ALLOW);
        assertThat(AccessMatrix.decide(HttpMethod.POST, "/api/partners/ozora/endpoints", ozora))
                .isEqualTo(Decision.ALLOW);
        assertThat(AccessMatrix.decide(HttpMethod.GET, "/api/partners/okhotsk-council/feed", ozora))
                .isEqualTo(Decision.FORBIDDEN);
        assertThat(AccessMatrix.decide(HttpMethod.GET, "/api/partners/ozorа/feed", ozora))
                .as("a look-alike id (Cyrillic а)").isEqualTo(Decision.FORBIDDEN);
        assertThat(AccessMatrix.decide(HttpMethod.GET, "/api/partners", ozora)).isEqualTo(Decision.FORBIDDEN);
        assertThat(AccessMatrix.decide(HttpMethod.GET, "/api/partners/okhotsk-council/deliveries", operator))
                .isEqualTo(Decision.ALLOW);
        assertThat(AccessMatrix.decide(HttpMethod.GET, "/api/partners/ozora/feed", anonymous))
                .isEqualTo(Decision.UNAUTHENTICATED);
        assertThat(AccessMatrix.decide(HttpMethod.GET, "/api/partners/ozora/feed", editor))
                .isEqualTo(Decision.FORBIDDEN);
    }

    @Test
    void everyoneMaySubmitOpinionsEditorsAndModeratorsRunCasesAndOnlyModeratorsModerateAndKeepHearings() {
        Caller moderator = caller(Role.MODERATOR, null);
        assertDecisions(
                expect(HttpMethod.POST, "/api/consultations/c-1/opinions", anonymous, Decision.ALLOW),
                expect(HttpMethod.POST, "/api/consultations", anonymous, Decision.UNAUTHENTICATED),
                expect(HttpMethod.POST, "/api/consultations", ozora, Decision.FORBIDDEN),
                expect(HttpMethod.POST, "/api/consultations", editor, Decision.ALLOW),
                expect(HttpMethod.POST, "/api/consultations/c-1/abandon", editor, Decision.ALLOW),
                expect(HttpMethod.POST, "/api/consultations", moderator, Decision.ALLOW),
                expect(HttpMethod.GET, "/api/consultations/c-1/results", anonymous, Decision.ALLOW),
                expect(HttpMethod.GET, "/api/consultations/c-1/results.csv", anonymous, Decision.ALLOW),
                expect(HttpMethod.GET, "/api/consultations/c-1/opinions", anonymous, Decision.UNAUTHENTICATED),
                expect(HttpMethod.GET, "/api/consultations/c-1/opinions/o-1/submitter", editor, Decision.FORBIDDEN),
                expect(HttpMethod.GET, "/api/consultations/c-1/opinions/o-1/submitter", moderator, Decision.ALLOW),
                expect(HttpMethod.POST, "/api/consultations/c-1/results", editor, Decision.FORBIDDEN),
                expect(HttpMethod.GET, "/api/consultations/c-1/audit", editor, Decision.FORBIDDEN),
                // the public sees only published hearing records; moderators keep them
                expect(HttpMethod.GET, "/api/hearings/published", anonymous, Decision.ALLOW),
                expect(HttpMethod.GET, "/api/hearings/report", anonymous, Decision.ALLOW),
                expect(HttpMethod.GET, "/api/hearings", anonymous, Decision.UNAUTHENTICATED),
                expect(HttpMethod.GET, "/api/hearings/h-1", editor, Decision.FORBIDDEN),
                expect(HttpMethod.GET, "/api/hearings/h-1", moderator, Decision.ALLOW),
                expect(HttpMethod.POST, "/api/hearings", moderator, Decision.ALLOW),
                expect(HttpMethod.POST, "/api/hearings", editor, Decision.FORBIDDEN));
    }

    @Test
    void keysAreForOperatorsAndUnknownPathsAreUnknown() {
        assertThat(AccessMatrix.decide(HttpMethod.GET, "/api/keys", editor)).isEqualTo(Decision.FORBIDDEN);
        assertThat(AccessMatrix.decide(HttpMethod.POST, "/api/keys", operator)).isEqualTo(Decision.ALLOW);
        assertThat(AccessMatrix.decide(HttpMethod.GET, "/fallback/plan-service", operator))
                .isEqualTo(Decision.UNKNOWN_PATH);
        assertThat(AccessMatrix.decide(HttpMethod.GET, "/actuator/prometheus", anonymous))
                .isEqualTo(Decision.UNAUTHENTICATED);
        assertThat(AccessMatrix.decide(HttpMethod.GET, "/actuator/health/readiness", anonymous))
                .isEqualTo(Decision.ALLOW);
    }

    private record Expectation(HttpMethod method, String path, Caller caller, Decision decision) {
    }

    private static Expectation expect(HttpMethod method, String path, Caller caller, Decision decision) {
        return new Expectation(method, path, caller, decision);
    }

    private static void assertDecisions(Expectation... expectations) {
        for (Expectation expected : expectations) {
            assertThat(AccessMatrix.decide(expected.method(), expected.path(), expected.caller()))
                    .as(expected.method() + " " + expected.path() + " as " + expected.caller().roles())
                    .isEqualTo(expected.decision());
        }
    }

    private static Caller caller(Role role, String partnerId) {
        return new Caller("someone", EnumSet.of(role), partnerId, "abcdefghijkl");
    }

    @Test
    void anOpinionSubmissionIsRecognisedOnTheDecodedPathOnly() {
        assertThat(AccessMatrix.isOpinionSubmission(HttpMethod.POST, "/api/consultations/c-1/opinions")).isTrue();
        assertThat(AccessMatrix.isOpinionSubmission(HttpMethod.POST, "/api/consultations/c-1/%6Fpinions")).isTrue();
        assertThat(AccessMatrix.isOpinionSubmission(HttpMethod.GET, "/api/consultations/c-1/opinions")).isFalse();
        assertThat(AccessMatrix.isOpinionSubmission(HttpMethod.POST, "/api/consultations/c-1/results")).isFalse();
        assertThat(AccessMatrix.isOpinionSubmission(HttpMethod.POST, "/api/consultations/c-1/opinions/o-1"))
                .isFalse();
    }
}
