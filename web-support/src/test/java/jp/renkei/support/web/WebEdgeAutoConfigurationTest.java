package jp.renkei.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * The web edge is there when the service's own configuration asks for it, and only then: an application that merely
 * has the jar on its classpath (as every application does when the system tests run them in one JVM) gets nothing.
 */
class WebEdgeAutoConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WebEdgeAutoConfiguration.class));

    @Test
    void aServiceThatSwitchesItOnGetsTheAdviceTheRequestIdAndTheBodyLimit() {
        runner.withPropertyValues("renkei.web-edge.enabled=true", "renkei.web-edge.max-request-size=1KB")
                .run(context -> {
                    assertThat(context).hasSingleBean(ProblemDetailsExceptionHandler.class)
                            .hasSingleBean(RequestIdLogging.class).hasSingleBean(RequestBodyLimit.class);
                    assertThat(context.getBean(WebEdgeProperties.class).maxRequestSize().toBytes()).isEqualTo(1024);
                });
    }

    @Test
    void anApplicationThatDoesNotSayItWantsItGetsNothing() {
        runner.run(context -> assertThat(context).doesNotHaveBean(ProblemDetailsExceptionHandler.class)
                .doesNotHaveBean(RequestIdLogging.class).doesNotHaveBean(RequestBodyLimit.class)
                .doesNotHaveBean(WebEdgeProperties.class));
        runner.withPropertyValues("renkei.web-edge.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ProblemDetailsExceptionHandler.class));
    }

    @Test
    void theDefaultBodyLimitIs256Kilobytes() {
        runner.withPropertyValues("renkei.web-edge.enabled=true")
                .run(context -> assertThat(context.getBean(WebEdgeProperties.class).maxRequestSize().toKilobytes())
                        .isEqualTo(256));
    }
}
