package jp.renkei.support.web;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import jp.renkei.support.json.StrictJsonBodies;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.format.FormatterRegistry;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every Renkei servlet service answers to malformed input before its own code runs: a query string that is not
 * UTF-8, a body declared as something other than UTF-8 JSON, dates outside years 1–9999 in parameters and bodies, a
 * fraction for a whole number, and what Tomcat itself refuses — each a 4xx problem, never a 500, a silently changed
 * value, an HTML page or an ERROR log line — plus the problem+json advice, the request id in the logs and the body
 * limit. A service switches it on in its own configuration file ({@code renkei.web-edge.enabled: true}); an application
 * that has the jar on its classpath but does not say so (the web pages and the partner inbox, when the system tests run
 * everything in one JVM) is left as it is alone.
 */
// before Spring MVC's, whose own problem-details advice then stands back (it is there only without another one)
@AutoConfiguration(before = {WebMvcAutoConfiguration.class, ErrorMvcAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(WebEdgeProperties.ENABLED)
@EnableConfigurationProperties(WebEdgeProperties.class)
public class WebEdgeAutoConfiguration {

    /** Every failure as an RFC 9457 problem; the service's own advice, ordered before it, maps its domain's. */
    @Bean
    @ConditionalOnMissingBean
    ProblemDetailsExceptionHandler renkeiProblemDetails() {
        return new ProblemDetailsExceptionHandler();
    }

    /** Tomcat's error page (TRACE, unknown methods, failures outside MVC) as a problem, not Boot's JSON or HTML. */
    @Bean
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    /** The gateway's request id in every log line of a request. */
    @Bean
    RequestIdLogging requestIdLogging() {
        return new RequestIdLogging();
    }

    /** Bodies above {@code renkei.web-edge.max-request-size} are refused with 413 before they are parsed. */
    @Bean
    RequestBodyLimit requestBodyLimit(WebEdgeProperties properties) {
        return new RequestBodyLimit(properties.maxRequestSize().toBytes());
    }

    @Bean
    FilterRegistrationBean<StrictQueryString> strictQueryString() {
        FilterRegistrationBean<StrictQueryString> registration = new FilterRegistrationBean<>(new StrictQueryString());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Bodies no service reads (forms, multipart, wildcards, charsets other than UTF-8): 415 before anything parses. */
    @Bean
    FilterRegistrationBean<JsonBodiesOnly> jsonBodiesOnly() {
        FilterRegistrationBean<JsonBodiesOnly> registration = new FilterRegistrationBean<>(new JsonBodiesOnly());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /**
     * A refusal is a problem document whatever the client said it accepts: before the exception handlers run, the
     * response's type is set to {@code application/problem+json}, which Spring MVC then writes as it is instead of
     * negotiating it against the request's {@code Accept}. A client that accepts only {@code text/html} (or XML, …)
     * got an empty 406 before: no converter wrote the problem under its types.
     */
    @Bean
    WebMvcConfigurer problemsWhateverTheAccept() {
        return new WebMvcConfigurer() {
            @Override
            public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
                resolvers.add(0, (request, response, handler, exception) -> {
                    if (!response.isCommitted()) {
                        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                    }
                    return null;
                });
            }
        };
    }

    @Bean
    JacksonModule temporalBoundsModule() {
        return TemporalBounds.jacksonModule();
    }

    /** A whole number is whole: {@code 5.5} for an int field is a 400, not a silent 5. */
    @Bean
    JsonMapperBuilderCustomizer wholeNumbersStayWhole() {
        return builder -> builder.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    /**
     * Request bodies are read strictly ({@link StrictJsonBodies}); answers are written as the service's mapper writes.
     * The JSON converter is replaced in its place among the defaults (a converter bean would go before all of them and
     * answer a controller's {@code String} as a JSON string); this customizer runs after Boot's, which sets the lenient
     * one.
     */
    @Bean
    ServerHttpMessageConvertersCustomizer strictJsonBodies(ObjectProvider<JsonMapper> jsonMapper) {
        JacksonJsonHttpMessageConverter strict = new JacksonJsonHttpMessageConverter(StrictJsonBodies.of(
                jsonMapper.getIfAvailable(() -> JsonMapper.builder().build())));
        return new StrictJsonConverter(strict);
    }

    private record StrictJsonConverter(JacksonJsonHttpMessageConverter strict)
            implements ServerHttpMessageConvertersCustomizer, Ordered {

        @Override
        public void customize(HttpMessageConverters.ServerBuilder builder) {
            builder.withJsonConverter(strict);
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    @Bean
    WebMvcConfigurer temporalBoundsFormatters() {
        return new WebMvcConfigurer() {
            @Override
            public void addFormatters(FormatterRegistry registry) {
                registry.addFormatterForFieldType(java.time.Instant.class, TemporalBounds.instantFormatter());
                registry.addFormatterForFieldType(LocalDate.class,
                        TemporalBounds.isoFormatter(DateTimeFormatter.ISO_LOCAL_DATE, LocalDate::from));
                registry.addFormatterForFieldType(LocalDateTime.class,
                        TemporalBounds.isoFormatter(DateTimeFormatter.ISO_LOCAL_DATE_TIME, LocalDateTime::from));
                registry.addFormatterForFieldType(OffsetDateTime.class,
                        TemporalBounds.isoFormatter(DateTimeFormatter.ISO_OFFSET_DATE_TIME, OffsetDateTime::from));
                registry.addFormatterForFieldType(ZonedDateTime.class,
                        TemporalBounds.isoFormatter(DateTimeFormatter.ISO_ZONED_DATE_TIME, ZonedDateTime::from));
            }
        };
    }

    @Bean
    @ConditionalOnClass(Tomcat.class)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }
}
