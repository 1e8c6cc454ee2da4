package jp.renkei.sync.collaboration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import jp.renkei.sync.collaboration.ViewRequest.Standing;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where a partner asked for its views stands, by whether it answered and the time against the deadline. */
class ViewRequestTest {

    private static final Instant DEADLINE = Instant.parse("2026-12-20T08:00:00Z");
    private static final ViewRequest REQUEST = new ViewRequest("vr-1", "plan", "5-2-2", 3, "ご意見を",
            List.of("ozora", "okhotsk-council"), DEADLINE, "editor", Instant.parse("2026-12-06T00:00:00Z"), null);

    @ParameterizedTest(name = "answered={0} at {1}: {2}")
    @CsvSource({
            "false, 2026-12-20T07:59:59.999Z, WAITING",
            "false, 2026-12-20T08:00:00Z,     MISSING",
            "false, 2027-01-01T00:00:00Z,     MISSING",
            "true,  2026-12-07T00:00:00Z,     ANSWERED",
            "true,  2027-01-01T00:00:00Z,     ANSWERED"})
    void standing(boolean answered, Instant now, Standing expected) {
        PartnerResponse answer = answered ? new PartnerResponse("ozora:vr-1", "ozora", "vr-1", "t", "plan", "5-2-2",
                3L, ResponseKind.COMMENTED, null, "異論はありません", "vr-1", 1, now, null, 1, "ozora:vr-1@1", null)
                : null;
        assertThat(REQUEST.standingOf(answer, now)).isEqualTo(expected);
    }
}
