package jp.renkei.gateway.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import jp.renkei.gateway.access.Role;

/**
 * A request to issue a key.
 *
 * @param validDays how long the key works, 1 to 730 days; 365 when absent
 */
public record IssueKeyRequest(String owner, List<String> roles, String partnerId, Integer validDays) {

    private static final Pattern PARTNER_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final int DEFAULT_VALID_DAYS = 365;
    private static final int MAX_VALID_DAYS = 730;

    NewKey validated(Clock clock) {
        if (owner == null || owner.isBlank() || owner.length() > 200) {
            throw new InvalidKeyRequestException("owner", "owner names who holds the key (1 to 200 characters)");
        }
        if (!isOneLineOfText(owner)) {
            // the owner becomes the subject of internal tokens and the actor of audit entries and log lines
            throw new InvalidKeyRequestException("owner", "owner is one line of text: no control, formatting or "
                    + "line-separating characters");
        }
        if (roles == null || roles.isEmpty()) {
            throw new InvalidKeyRequestException("roles", "a key needs at least one of PLAN_EDITOR, MODERATOR, "
                    + "OPERATOR, PARTNER");
        }
        Set<Role> parsed = EnumSet.noneOf(Role.class);
        for (String role : roles) {
            Role known = parse(role);
            if (known == null || known == Role.PUBLIC) {
                throw new InvalidKeyRequestException("roles", "unknown role " + role
                        + "; one of PLAN_EDITOR, MODERATOR, OPERATOR, PARTNER");
            }
            parsed.add(known);
        }
        if (parsed.contains(Role.PARTNER) != (partnerId != null)) {
            throw new InvalidKeyRequestException("partnerId", "a PARTNER key needs a partnerId, and only a PARTNER "
                    + "key has one");
        }
        if (partnerId != null && !PARTNER_ID.matcher(partnerId).matches()) {
            throw new InvalidKeyRequestException("partnerId", "a partner id is lower-case letters, digits and -");
        }
        int days = validDays == null ? DEFAULT_VALID_DAYS : validDays;
        if (days < 1 || days > MAX_VALID_DAYS) {
            throw new InvalidKeyRequestException("validDays", "validDays is 1 to " + MAX_VALID_DAYS);
        }
        return new NewKey(owner.strip(), parsed, partnerId, Instant.now(clock).plus(Duration.ofDays(days)));
    }

    /**
     * No control characters (CR, LF, NUL, TAB…), no invisible formatting ones (zero-width, bidirectional overrides that
     * reorder what a log reader sees), no line or paragraph separators, no unpaired surrogates.
     */
    static boolean isOneLineOfText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                int type = Character.getType(text.codePointAt(i));
                if (type == Character.FORMAT || type == Character.UNASSIGNED || type == Character.PRIVATE_USE) {
                    return false;
                }
                i++;
                continue;
            }
            switch (Character.getType(c)) {
                case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                     Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE -> {
                    return false;
                }
                default -> {
                }
            }
        }
        return true;
    }

    private static Role parse(String role) {
        for (Role candidate : Role.values()) {
            if (candidate.name().equals(role)) {
                return candidate;
            }
        }
        return null;
    }
}
