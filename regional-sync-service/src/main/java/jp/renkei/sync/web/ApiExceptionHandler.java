package jp.renkei.sync.web;

import jp.renkei.support.web.ProblemDetailsExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every failure as an RFC 9457 problem, as all Renkei services answer (see {@link ProblemDetailsExceptionHandler}). */
@RestControllerAdvice
class ApiExceptionHandler extends ProblemDetailsExceptionHandler {
}
