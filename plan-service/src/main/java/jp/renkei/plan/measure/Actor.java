package jp.renkei.plan.measure;

/**
 * Who asks for a change: the subject of the caller's token and, for a partner's key, the partner it belongs to
 * ({@code null} for the city's own staff).
 */
public record Actor(String subject, String partnerId) {

    /** A member of the owner's staff. */
    public static Actor staff(String subject) {
        return new Actor(subject, null);
    }
}
