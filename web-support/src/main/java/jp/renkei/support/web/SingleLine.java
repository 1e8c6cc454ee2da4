package jp.renkei.support.web;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Text that is one line: a title, a name, a label, a tag. A line break in one is never meant, and is the shape of a
 * header or log injection wherever the value goes next (a CSV cell, a mail subject, a log line); multi-line text
 * (a summary, an opinion, a policy) does not carry this. Null is valid, as with every constraint.
 */
@Documented
@Constraint(validatedBy = {})
@ReportAsSingleViolation
@Pattern(regexp = "[^\\r\\n\\u0085\\u2028\\u2029]*")
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface SingleLine {

    String message() default "must be a single line (no line breaks)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
