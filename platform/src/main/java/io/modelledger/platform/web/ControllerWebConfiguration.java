package io.modelledger.platform.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Instant;

/**
 * What every service's controllers answer with and read by: problem+json errors, strict request bodies and
 * bounded instants in parameters. Part of {@link ServiceWebAutoConfiguration}, and what a controller's web-slice
 * test imports, so a slice sees exactly the services' setup.
 */
@Configuration(proxyBeanMethods = false)
public class ControllerWebConfiguration {

    /** Request bodies are read strictly, the same way in every service ({@link StrictJson}). */
    @Bean
    public JsonMapperBuilderCustomizer strictJson() {
        return StrictJson::apply;
    }

    /** Instants in path and query parameters are bounded like those in bodies ({@link BoundedInstantFormatter}). */
    @Bean
    public WebMvcConfigurer boundedInstants() {
        return new WebMvcConfigurer() {
            @Override
            public void addFormatters(FormatterRegistry registry) {
                registry.addFormatterForFieldType(Instant.class, new BoundedInstantFormatter());
            }
        };
    }

    @Bean
    public ProblemDetailsAdvice problemDetailsAdvice() {
        return new ProblemDetailsAdvice();
    }
}
