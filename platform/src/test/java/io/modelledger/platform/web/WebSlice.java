package io.modelledger.platform.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Put beside {@code @WebMvcTest(SomeController.class)}: the controller with the web setup every service has
 * (problem+json errors, the strict request-body mapper, bounded instants in parameters, a fixed clock), and nothing else. The
 * servlet filters (internal token, request metadata, idempotency) are left out: they have tests of their own,
 * and end-to-end tests run the whole chain. Mock the gateways the controller sends to with {@code @MockitoBean}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@AutoConfigureMockMvc(addFilters = false)
@Import(WebSlice.ServiceWeb.class)
public @interface WebSlice {

    /** What the slice's {@code Clock} says. */
    Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    /** The parts of platform's service web configuration that a controller's answers depend on. */
    @TestConfiguration(proxyBeanMethods = false)
    class ServiceWeb {

        /** The one time source, fixed: controllers that default a range to "now" answer the same in every run. */
        @Bean
        Clock clock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }

        @Bean
        ProblemDetailsAdvice problemDetailsAdvice() {
            return new ProblemDetailsAdvice();
        }

        @Bean
        JsonMapperBuilderCustomizer strictJson() {
            return StrictJson::apply;
        }

        @Bean
        WebMvcConfigurer boundedInstants() {
            return new WebMvcConfigurer() {
                @Override
                public void addFormatters(FormatterRegistry registry) {
                    registry.addFormatterForFieldType(Instant.class, new BoundedInstantFormatter());
                }
            };
        }
    }
}
