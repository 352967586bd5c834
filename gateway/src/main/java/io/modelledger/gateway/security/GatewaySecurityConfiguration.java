package io.modelledger.gateway.security;

import io.modelledger.contracts.access.AccessMatrix;
import io.modelledger.contracts.access.ApiKeyToken;
import io.modelledger.contracts.access.InternalToken;
import io.modelledger.contracts.access.RequestPaths;
import io.modelledger.gateway.ProblemResponses;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.List;

/**
 * Authentication and authorization at the gateway: a bearer API key ({@code mlk_…}) or an OIDC token,
 * then the {@link AccessMatrix}. 401 and 403 are problem+json.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(GatewaySecurityProperties.class)
public class GatewaySecurityConfiguration {

    @Bean
    InternalTokenSigner internalTokenSigner(GatewaySecurityProperties properties, Clock clock) {
        return InternalTokenSigner.create(properties.signingKey(), properties.verificationKeys(), properties.tokenTtl(), clock);
    }

    /** No security observations, as in the services (ServiceSecurityAutoConfiguration says why). */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    RouterFunction<ServerResponse> jwks(InternalTokenSigner signer) {
        return RouterFunctions.route().GET(InternalToken.JWKS_PATH, request -> ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON).bodyValue(signer.jwks())).build();
    }

    @Bean
    SecurityWebFilterChain gatewaySecurity(ServerHttpSecurity http, GatewaySecurityProperties properties,
                                           InternalTokenSigner signer, ProblemResponses problems,
                                           SecurityLog securityLog, Clock clock,
                                           org.springframework.beans.factory.ObjectProvider<io.modelledger.gateway.console.ConsoleRoute> consoleRoute) {
        // with a console behind the gateway (its route configured, on the route's own condition), its pages are open here:
        // the console keeps its own session and asks for it
        boolean console = consoleRoute.getIfAvailable() != null;
        ReactiveAuthenticationManager apiKeys = new ApiKeyAuthenticationManager(
                WebClient.builder().baseUrl(properties.registryUrl()).build(), signer, properties.keyCacheTtl(), clock);
        ReactiveAuthenticationManager oidc = properties.oidc().enabled()
                ? OidcAuthenticationManager.create(properties.oidc()) : null;
        ReactiveAuthenticationManager callers = authentication -> {
            String token = ((BearerTokenAuthenticationToken) authentication).getToken();
            if (ApiKeyToken.looksLikeKey(token)) {
                return apiKeys.authenticate(authentication);
            }
            return oidc != null ? oidc.authenticate(authentication)
                                : Mono.error(new BadCredentialsException("Not an API key, and no identity provider is configured"));
        };
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                // stateless: every request carries its credential, so no web session is created, read or saved
                // (the default repository and request cache create one per request, on another thread)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers(InternalToken.JWKS_PATH, "/actuator/health", "/actuator/health/**", "/actuator/prometheus").permitAll()
                        .pathMatchers("/api/**").access(accessMatrix())
                        .pathMatchers(io.modelledger.gateway.console.ConsoleRoute.NOT_CONSOLE).denyAll()
                        .anyExchange().access((authentication, context) -> Mono.just(new AuthorizationDecision(console))))
                .cors(cors -> cors.configurationSource(corsFor(properties)))
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .authenticationManagerResolver(exchange -> Mono.just(callers))
                        .authenticationEntryPoint(unauthorized(problems, securityLog))
                        .accessDeniedHandler(forbidden(problems, securityLog)))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(unauthorized(problems, securityLog))
                        .accessDeniedHandler(forbidden(problems, securityLog)))
                .build();
    }

    private static ServerAuthenticationEntryPoint unauthorized(ProblemResponses problems, SecurityLog securityLog) {
        return (exchange, e) -> {
            securityLog.authenticationFailed(exchange, e);
            return problems.write(exchange, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                                  "A valid API key or identity token is required");
        };
    }

    private static ServerAccessDeniedHandler forbidden(ProblemResponses problems, SecurityLog securityLog) {
        return (exchange, e) -> securityLog.accessDenied(exchange).then(problems.write(
                exchange, HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "Your roles do not allow this request"));
    }

    /** Browsers may call the API only from the web console's origins (none unless configured). */
    private static CorsConfigurationSource corsFor(GatewaySecurityProperties properties) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (!properties.corsAllowedOrigins().isEmpty()) {
            CorsConfiguration cors = new CorsConfiguration();
            cors.setAllowedOrigins(properties.corsAllowedOrigins());
            cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
            cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key", "If-Match",
                                           "X-ModelLedger-Reason", "X-Request-Id", "traceparent"));
            cors.setExposedHeaders(List.of("X-Request-Id", "Location", "ETag", "Retry-After"));
            cors.setMaxAge(3600L);
            source.registerCorsConfiguration("/api/**", cors);
        }
        return source;
    }

    private static ReactiveAuthorizationManager<AuthorizationContext> accessMatrix() {
        return (authentication, context) -> authentication
                .<AuthorizationResult>map(auth -> {
                    var request = context.getExchange().getRequest();
                    var roles = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                                    .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5)).toList();
                    String method = request.getMethod().name();
                    // canonical already (PathNormalisationFilter): decode it once more to match the matrix
                    String path = RequestPaths.normalise(request.getPath().pathWithinApplication().value());
                    // a path no rule names is no API of ours: let routing answer 404 (services deny it anyway)
                    return new AuthorizationDecision(auth.isAuthenticated()
                            && (AccessMatrix.ruleFor(method, path) == null || AccessMatrix.allows(method, path, roles)));
                })
                .defaultIfEmpty(new AuthorizationDecision(false));
    }
}
