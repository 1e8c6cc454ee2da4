package jp.renkei.gateway.edge;

import jp.renkei.support.json.StrictJsonBodies;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's own endpoints (the key API) read a request body as every service does ({@link StrictJsonBodies}): a
 * number where the owner's name belongs, a key given twice or text after the JSON is a 400, not a key issued. Routed
 * requests are passed on as bytes and never decoded here.
 */
@Configuration(proxyBeanMethods = false)
class StrictRequestBodies {

    /** After Boot's own Jackson codecs (an unordered customizer runs last), which it replaces for reading. */
    @Bean
    CodecCustomizer strictJsonRequestBodies(JsonMapper mapper) {
        JacksonJsonDecoder strict = new JacksonJsonDecoder(StrictJsonBodies.of(mapper));
        return codecs -> codecs.defaultCodecs().jacksonJsonDecoder(strict);
    }
}
