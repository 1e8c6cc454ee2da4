package jp.renkei.consultation.web;

import java.util.List;
import jp.renkei.contracts.security.InternalToken;
import jp.renkei.support.web.InvalidFieldException;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who is calling, as the gateway's token says: its subject names the acting person in the audit log, its roles say
 * whether the caller is the city's staff. Nothing a client sends in a header of its own counts.
 */
final class Staff {

    private static final int MAX_LENGTH = 64;

    private Staff() {
    }

    /** The token's subject, for the audit log. */
    static String actor(Jwt token) {
        String subject = token.getSubject();
        // the gateway always names the caller; a token without a usable subject cannot be audited
        if (subject == null || subject.isBlank() || subject.length() > MAX_LENGTH
                || subject.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidFieldException("sub", "the token names the caller: 1 to " + MAX_LENGTH
                    + " characters, no control characters");
        }
        return subject.strip();
    }

    /** The city's staff who run consultations: plan editors and moderators. They see cases before they open. */
    static boolean isStaff(Jwt token) {
        List<String> roles = token.getClaimAsStringList(InternalToken.ROLES);
        return roles != null && List.of(ConsultationAccessRules.STAFF).stream().anyMatch(roles::contains);
    }
}
