package io.modelledger.platform.web;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Put beside {@code @WebMvcTest(SomeController.class)}: the controller with the web setup every service runs
 * ({@link ControllerWebConfiguration}: problem+json errors, the strict request-body mapper, bounded instants in
 * parameters) and a fixed clock, and nothing else. The
 * servlet filters (internal token, request metadata, idempotency) are left out: they have tests of their own,
 * and end-to-end tests run the whole chain. Mock the gateways the controller sends to with {@code @MockitoBean}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@AutoConfigureMockMvc(addFilters = false)
@Import({ControllerWebConfiguration.class, WebSlice.FixedClock.class})
public @interface WebSlice {

    /** What the slice's {@code Clock} says. */
    Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    /** The one time source, fixed: controllers that default a range to "now" answer the same in every run. */
    @TestConfiguration(proxyBeanMethods = false)
    class FixedClock {

        @Bean
        Clock clock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }
    }
}
