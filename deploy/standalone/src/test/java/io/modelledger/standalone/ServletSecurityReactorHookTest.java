package io.modelledger.standalone;

import io.modelledger.boot.ReactorHookAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A servlet application's web security sets no JVM-wide Reactor hook: without {@link ReactorHookAutoConfiguration}
 * Spring Security's would wrap every Mono and Flux assembled in the JVM, the standalone gateway's among them. (Here,
 * where the gateway's WebFlux shares the services' class path, is where Spring Security imports the hook.)
 */
class ServletSecurityReactorHookTest {

    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    static class WebSecurity {
    }

    /** Whether a Mono subscribed to now is wrapped by a last-operator hook (Reactor applies them at subscription). */
    private static boolean operatorsAreLifted() {
        Mono<Integer> mono = Mono.just(1).map(i -> i + 1);
        return Operators.onLastAssembly(mono) != mono;
    }

    @Test
    void servletWebSecurityLeavesReactorOperatorsUnwrapped() {
        new WebApplicationContextRunner()
                .withUserConfiguration(WebSecurity.class)
                .withConfiguration(AutoConfigurations.of(ReactorHookAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(operatorsAreLifted()).isFalse();
                });
    }

    @Test
    void withoutItServletWebSecurityWouldWrapEveryOperator() {
        new WebApplicationContextRunner()
                .withUserConfiguration(WebSecurity.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(operatorsAreLifted()).isTrue();
                });
        assertThat(operatorsAreLifted()).as("the hook is reset when the context closes").isFalse();
    }
}
