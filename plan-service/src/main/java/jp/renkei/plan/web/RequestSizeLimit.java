package jp.renkei.plan.web;

import jp.renkei.support.web.RequestBodyLimit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** Bodies above {@code renkei.plan.max-request-size} are refused with 413 before they are parsed. */
@Configuration(proxyBeanMethods = false)
class RequestSizeLimit {

    /** A measure, however long its Japanese text, stays far below the default. */
    @Bean
    RequestBodyLimit requestBodyLimit(@Value("${renkei.plan.max-request-size:256KB}") DataSize maxRequestSize) {
        return new RequestBodyLimit(maxRequestSize.toBytes());
    }
}
