package jp.renkei.support.json;

import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Which field of a body Jackson refused, and why, in the words a 400 gives the caller. */
public final class JsonFields {

    private JsonFields() {
    }

    /** A field a body was refused at, and why. */
    public record Refused(String field, String reason) {
    }

    /** The field a body was refused at: from the first Jackson exception in the failure's chain that names one. */
    public static Optional<Refused> refusedField(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException jackson) {
                String field = pathOf(jackson);
                if (!field.isEmpty()) {
                    return Optional.of(new Refused(field, wrongShape(jackson, field)));
                }
            }
        }
        return Optional.empty();
    }

    /** The refused field's path ({@code roles[0]}, {@code period.endsOn}); empty when the body as a whole is. */
    public static String pathOf(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    public static String wrongShape(JacksonException e, String field) {
        return e instanceof UnrecognizedPropertyException ? "unknown field " + field
                : "the value of " + field + " has the wrong type or form";
    }
}
