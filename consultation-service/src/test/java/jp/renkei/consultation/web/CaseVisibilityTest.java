package jp.renkei.consultation.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import jp.renkei.consultation.cases.Consultation;
import jp.renkei.consultation.cases.ConsultationStatus;
import jp.renkei.contracts.consultation.ConsultationTarget;
import jp.renkei.contracts.security.InternalToken;
import jp.renkei.support.web.InvalidFieldException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who sees a case that never opened (the city's working paper): staff only, as data — each role against a case that
 * opened and one that did not. And who the audit log names: the token's subject, never an unusable one.
 */
class CaseVisibilityTest {

    private static final Instant AT = Instant.parse("2026-12-06T00:00:00Z");

    @ParameterizedTest(name = "{0}: sees a never-opened case {1}")
    @CsvSource(nullValues = "-", textBlock = """
            # roles                 | sees a case that never opened
            PLAN_EDITOR,              true
            MODERATOR,                true
            PUBLIC;MODERATOR,         true
            PUBLIC,                   false
            PARTNER,                  false
            OPERATOR,                 false
            -,                        false
            """)
    void aCaseThatNeverOpenedIsSeenByStaffOnlyAndAnOpenedOneByEveryone(String roles, boolean staff) {
        Jwt caller = token("caller-key", roles == null ? null : List.of(roles.split(";")));

        assertThat(CaseVisibility.visibleTo(consultation(ConsultationStatus.DRAFT, null), caller)).isEqualTo(staff);
        assertThat(CaseVisibility.visibleTo(consultation(ConsultationStatus.ABANDONED, null), caller)).isEqualTo(staff);
        assertThat(CaseVisibility.visibleTo(consultation(ConsultationStatus.OPEN, AT), caller)).isTrue();
        assertThat(CaseVisibility.visibleTo(consultation(ConsultationStatus.ABANDONED, AT), caller)).isTrue();
        assertThat(Staff.isStaff(caller)).isEqualTo(staff);
    }

    @Test
    void theAuditLogNamesTheTokensSubjectStripped() {
        assertThat(Staff.actor(token(" moderator-1 ", List.of(InternalToken.MODERATOR)))).isEqualTo("moderator-1");
        assertThat(Staff.actor(token("m".repeat(64), List.of(InternalToken.MODERATOR)))).hasSize(64);
        assertThat(Staff.actor(token("網走市職員", List.of(InternalToken.MODERATOR)))).isEqualTo("網走市職員");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "moderator\n1", "moderator\u00001", "\u007f"})
    void aTokenWithoutAUsableSubjectIsRefusedNamingTheClaim(String subject) {
        assertThatThrownBy(() -> Staff.actor(token(subject, List.of(InternalToken.MODERATOR))))
                .isInstanceOfSatisfying(InvalidFieldException.class, refused -> assertThat(refused.field())
                        .isEqualTo("sub"));
    }

    @Test
    void aSubjectLongerThanSixtyFourCharactersIsRefused() {
        assertThatThrownBy(() -> Staff.actor(token("m".repeat(65), List.of(InternalToken.MODERATOR))))
                .isInstanceOf(InvalidFieldException.class);
        assertThatThrownBy(() -> Staff.actor(token(null, List.of(InternalToken.MODERATOR))))
                .isInstanceOf(InvalidFieldException.class);
    }

    private static Jwt token(String subject, List<String> roles) {
        Jwt.Builder jwt = Jwt.withTokenValue("internal-token").header("alg", "RS256");
        if (subject != null) {
            jwt.subject(subject);
        } else {
            jwt.claim("iss", InternalToken.ISSUER);
        }
        if (roles != null) {
            jwt.claim(InternalToken.ROLES, roles);
        }
        return jwt.build();
    }

    private static Consultation consultation(ConsultationStatus status, Instant openedAt) {
        LocalDate publication = LocalDate.of(2026, 12, 1);
        LocalDate deadline = LocalDate.of(2026, 12, 30);
        return new Consultation("c-1", "PC-2026-001", "広域連携の見直し", "概要", "abashiri-comprehensive-plan", 5, null,
                List.of(new ConsultationTarget("5-2-2", 3, List.of(), List.of())), List.of(), null, "企画総務部", null,
                publication, deadline, null, AT, AT.plusSeconds(86_400 * 30), List.of(), status, 1, AT, "editor",
                openedAt, null, null, null, List.of());
    }
}
