package jp.renkei.sync.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import jp.renkei.contracts.security.InternalToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * regional-sync's own check of who acts on a partner's resources, as data: the caller (its role and the partner its
 * token is bound to) against the partner in the path, for the routes an operator or the partner itself may use and
 * for the partner's own answers, which only the partner may write.
 */
class SyncAccessRulesTest {

    @ParameterizedTest(name = "{0} bound to {1} on /partners/{2}/…: operator-or-own {3}, own only {4}")
    @CsvSource(nullValues = "-", textBlock = """
            # role        | token's partner | path's partner  | operator or own | own only
            OPERATOR,       -,                ozora,            true,             false
            OPERATOR,       ozora,            ozora,            true,             false
            PARTNER,        ozora,            ozora,            true,             true
            PARTNER,        ozora,            okhotsk-council,  false,            false
            PARTNER,        okhotsk-council,  ozora,            false,            false
            PARTNER,        -,                ozora,            false,            false
            PARTNER,        ozora,            -,                false,            false
            PLAN_EDITOR,    ozora,            ozora,            false,            false
            MODERATOR,      -,                ozora,            false,            false
            PUBLIC,         -,                ozora,            false,            false
            """)
    void aPartnerActsOnlyOnItsOwnResourcesAndAnOperatorOnAll(String role, String tokenPartner, String pathPartner,
                                                             boolean operatorOrOwn, boolean ownOnly) {
        Authentication caller = token(role, tokenPartner);
        RequestAuthorizationContext request = path(pathPartner);

        assertThat(new SyncAccessRules.OperatorOrOwnPartner().authorize(() -> caller, request).isGranted())
                .isEqualTo(operatorOrOwn);
        assertThat(new SyncAccessRules.OwnPartner().authorize(() -> caller, request).isGranted())
                .isEqualTo(ownOnly);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"OPERATOR", "PARTNER"})
    void aCallerThatIsNotAuthenticatedIsRefusedWhateverItsRole(String role) {
        TestingAuthenticationToken unauthenticated = new TestingAuthenticationToken("ozora-key", null, "ROLE_" + role);
        unauthenticated.setAuthenticated(false);

        assertThat(new SyncAccessRules.OperatorOrOwnPartner().authorize(() -> unauthenticated, path("ozora"))
                .isGranted()).isFalse();
        assertThat(new SyncAccessRules.OwnPartner().authorize(() -> unauthenticated, path("ozora")).isGranted())
                .isFalse();
        assertThat(new SyncAccessRules.OperatorOrOwnPartner().authorize(() -> null, path("ozora")).isGranted())
                .isFalse();
        assertThat(new SyncAccessRules.OwnPartner().authorize(() -> null, path("ozora")).isGranted()).isFalse();
    }

    @Test
    void aPartnerRoleWithoutTheGatewaysTokenNamesNoPartner() {
        Authentication notAToken = new TestingAuthenticationToken("ozora", null, "ROLE_" + InternalToken.PARTNER);

        assertThat(new SyncAccessRules.OperatorOrOwnPartner().authorize(() -> notAToken, path("ozora")).isGranted())
                .isFalse();
    }

    /** As the service reads the gateway's internal token: its roles as {@code ROLE_…}, its partner as a claim. */
    private static Authentication token(String role, String partnerId) {
        Jwt.Builder jwt = Jwt.withTokenValue("internal-token").header("alg", "RS256").subject(role.toLowerCase() + "-key")
                .claim(InternalToken.ROLES, List.of(role));
        if (partnerId != null) {
            jwt.claim(InternalToken.PARTNER_ID, partnerId);
        }
        return new JwtAuthenticationToken(jwt.build(), List.of(new SimpleGrantedAuthority("ROLE_" + role)));
    }

    private static RequestAuthorizationContext path(String partnerId) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET",
                "/partners/" + partnerId + "/endpoints");
        return new RequestAuthorizationContext(request, partnerId == null ? Map.of() : Map.of("partnerId", partnerId));
    }
}
