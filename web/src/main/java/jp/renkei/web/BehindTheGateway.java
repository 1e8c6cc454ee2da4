package jp.renkei.web;

import jakarta.servlet.DispatcherType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.ForwardedHeaderFilter;

/**
 * The pages are reached through the gateway, whose requests name this application's own address as their host. A
 * redirect (after signing in, after a desk action, to the sign-in page) therefore goes out relative ({@code
 * Location: /desk}), so the browser stays on the address it used: an absolute one would send it past the gateway, and
 * the Content-Security-Policy's {@code form-action 'self'} would stop a form's redirect there. Links and feeds still
 * read the {@code X-Forwarded-*} headers, as {@code server.forward-headers-strategy: framework} would.
 */
@Configuration(proxyBeanMethods = false)
class BehindTheGateway {

    @Bean
    FilterRegistrationBean<ForwardedHeaderFilter> forwardedHeaderFilter() {
        ForwardedHeaderFilter filter = new ForwardedHeaderFilter();
        filter.setRelativeRedirects(true);
        FilterRegistrationBean<ForwardedHeaderFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
