package jp.renkei.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A key's owner becomes a token subject and an audit actor: one line of visible text, nothing else. */
class IssueKeyRequestTest {

    @ParameterizedTest
    @ValueSource(strings = {"網走市 企画総務部", "Ozora Town (大空町)", "田中 太郎 ＃2", "𠮷野 家", "Okhotsk council — liaison"})
    void anOrdinaryOwnerIsAccepted(String owner) {
        assertThat(new IssueKeyRequest(owner, List.of("PLAN_EDITOR"), null, 30).validated(Clock.systemUTC()).owner())
                .isEqualTo(owner.strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"editor\r\nX-Injected: yes", "editor\nadmin", "nul\u0000byte", "tab\there", "bell\u0007",
        "rtl\u202Eevil", "zero\u200Bwidth", "line\u2028separator", "para\u2029graph", "bom\uFEFF", "lone\uD800",
        "del\u007F", "c1\u0085next", "private\uE000use"})
    void anOwnerWithInvisibleOrLineBreakingCharactersIsRefusedNamingTheField(String owner) {
        assertThatThrownBy(() -> new IssueKeyRequest(owner, List.of("PLAN_EDITOR"), null, 30).validated(Clock.systemUTC()))
                .isInstanceOfSatisfying(InvalidKeyRequestException.class,
                        refused -> assertThat(refused.field()).isEqualTo("owner"));
    }
}
