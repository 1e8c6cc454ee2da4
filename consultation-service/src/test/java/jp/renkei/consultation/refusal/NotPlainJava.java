package jp.renkei.consultation.refusal;

import org.springframework.http.HttpStatus;

/** Not code: a refusal that knows HTTP, for {@code ArchitectureRulesBiteTest}. */
public class NotPlainJava extends RuntimeException {

    HttpStatus status = HttpStatus.BAD_REQUEST;
}
