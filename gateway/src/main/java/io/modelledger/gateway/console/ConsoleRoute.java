package io.modelledger.gateway.console;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The web console on the gateway's own origin, when one is configured ({@code modelledger.services.console}):
 * every path that is not the API, the gateway's actuator or a well-known document. The console keeps its own
 * session and is sent no {@code Authorization} header at all: not the browser's, and not the internal token the
 * gateway's global filter would mint for a request that carried a valid credential (a route filter runs after it).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("modelledger.services.console")
public class ConsoleRoute {

    /** What the console route leaves to the others (and, unmatched, to a 404). */
    public static final String[] NOT_CONSOLE = {"/api/**", "/actuator/**", "/.well-known/**"};

    @Bean
    RouteLocator consoleRoutes(RouteLocatorBuilder routes, Environment environment) {
        String uri = environment.getRequiredProperty("modelledger.services.console");
        return routes.routes()
                .route("console", route -> route.order(Integer.MAX_VALUE)
                        .path("/**").and().not(p -> p.path(NOT_CONSOLE))
                        .filters(f -> f.removeRequestHeader(org.springframework.http.HttpHeaders.AUTHORIZATION))
                        .uri(uri))
                .build();
    }
}
