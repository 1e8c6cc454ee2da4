package jp.renkei.plan.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import jp.renkei.contracts.security.InternalToken;
import jp.renkei.plan.measure.Actor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who a change is made by, from the gateway's token: only a {@code PARTNER} token is bound to a partner (and so limited
 * to the plans that partner co-owns); every other caller is the city's staff, whatever claims its token carries.
 */
class CallersTest {

    @ParameterizedTest(name = "{0} with partner claim {1}: acts as {2}")
    @CsvSource(nullValues = "-", textBlock = """
            # role       | partner claim | partner acted for
            PARTNER,       ozora,          ozora
            PARTNER,       -,              -
            PLAN_EDITOR,   ozora,          -
            OPERATOR,      okhotsk-council, -
            PUBLIC,        -,              -
            """)
    void onlyAPartnerTokenActsForAPartner(String role, String partnerClaim, String partnerId) {
        Jwt.Builder jwt = Jwt.withTokenValue("internal-token").header("alg", "RS256").subject(role.toLowerCase() + "-key")
                .claim(InternalToken.ROLES, List.of(role));
        if (partnerClaim != null) {
            jwt.claim(InternalToken.PARTNER_ID, partnerClaim);
        }
        JwtAuthenticationToken caller = new JwtAuthenticationToken(jwt.build(),
                List.of(new SimpleGrantedAuthority("ROLE_" + role)));

        assertThat(Callers.actor(caller)).isEqualTo(new Actor(role.toLowerCase() + "-key", partnerId));
        assertThat(Callers.partnerId(caller)).isEqualTo(partnerId);
    }

    @Test
    void aChangeWithoutACallerIsRecordedAsAnonymousStaff() {
        assertThat(Callers.actor(null)).isEqualTo(Actor.staff("anonymous"));
    }
}
