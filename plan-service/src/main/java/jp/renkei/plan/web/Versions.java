package jp.renkei.plan.web;

/** Reads the version a client claims to have read from its {@code If-Match} header (the measure's ETag). */
final class Versions {

    private Versions() {
    }

    static long fromIfMatch(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new PreconditionRequiredException();
        }
        String tag = ifMatch.trim();
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        try {
            long version = Long.parseLong(tag);
            if (version < 1) {
                throw new MalformedIfMatchException(ifMatch);
            }
            return version;
        } catch (NumberFormatException e) {
            throw new MalformedIfMatchException(ifMatch);
        }
    }

    static final class PreconditionRequiredException extends RuntimeException {
        PreconditionRequiredException() {
            super("a change needs If-Match with the ETag of the version you read");
        }
    }

    static final class MalformedIfMatchException extends RuntimeException {
        MalformedIfMatchException(String ifMatch) {
            super("If-Match must be one ETag as this API returns it, like \"3\"; got " + ifMatch);
        }
    }
}
