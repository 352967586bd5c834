package io.modelledger.platform.web;

import io.modelledger.platform.metadata.RequestMetadataFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/** Web plumbing every service shares: governance metadata per request and problem+json errors. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ServiceWebAutoConfiguration {

    @Bean
    public FilterRegistrationBean<RequestMetadataFilter> requestMetadataFilter() {
        FilterRegistrationBean<RequestMetadataFilter> registration = new FilterRegistrationBean<>(new RequestMetadataFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    public ProblemDetailsAdvice problemDetailsAdvice() {
        return new ProblemDetailsAdvice();
    }
}
