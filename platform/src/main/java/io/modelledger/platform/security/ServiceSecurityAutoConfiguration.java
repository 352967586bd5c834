package io.modelledger.platform.security;

import io.modelledger.contracts.access.AccessMatrix;
import io.modelledger.contracts.access.InternalToken;
import io.modelledger.contracts.access.RequestPaths;
import io.modelledger.contracts.access.Roles;
import io.modelledger.contracts.metadata.Headers;
import io.modelledger.platform.web.ProblemWriter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import java.time.Duration;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.http.HttpHeaders;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Every service is an OAuth2 resource server of the gateway: a request without a valid internal token
 * (signed by the gateway's published key, for our audience, unexpired) is a 401; one whose roles the
 * {@link AccessMatrix} does not allow is a 403. Both as problem+json.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
@EnableConfigurationProperties(ServiceSecurityProperties.class)
public class ServiceSecurityAutoConfiguration {

    @Bean
    public JwtDecoder internalTokenDecoder(ServiceSecurityProperties properties, java.time.Clock clock) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.gatewayJwksUri())
                                                   .jwsAlgorithm(SignatureAlgorithm.ES256)
                                                   .build();
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>(
                "aud", aud -> aud != null && aud.contains(InternalToken.AUDIENCE));
        // the same clock as the cache in front of it, and a small skew: gateway and services share a clock or NTP
        JwtTimestampValidator lifetime = new JwtTimestampValidator(Duration.ofSeconds(10));
        lifetime.setClock(clock);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(lifetime, new JwtIssuerValidator(InternalToken.ISSUER), audience));
        return new VerifiedTokenCache(decoder, clock, 10_000);
    }

    /**
     * No security observations: Spring Security would otherwise wrap each of its dozen filters in a Micrometer
     * observation (two spans and timers per filter, per request), and its authentication and authorization in one
     * each (a span and a timer apiece, 4.8% of a read's samples through the gateway, issue 17), that nobody
     * reads. {@code http.server.requests} still times every request, refusals included (by status), and the
     * gateway logs each refusal (its {@code SecurityLog}).
     */
    @Bean
    public SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Spring Security's strict firewall with its own rules, checked faster: a header name or value of printable
     * ASCII only (every internal token, every header the gateway forwards) passes without the firewall's regular
     * expression, which walks each character through Unicode property tests (2.7% of a read's samples, issue 17).
     * Printable ASCII is assigned and not a control character, so it passes that expression too; anything else is
     * still decided by it.
     */
    @Bean
    @ConditionalOnMissingBean(HttpFirewall.class) // Spring Security would ignore both of two firewalls, silently
    public StrictHttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(name -> Headers.printableAscii(name) || StrictHttpFirewall.ALLOWED_HEADER_NAMES.test(name));
        firewall.setAllowedHeaderValues(value -> Headers.printableAscii(value) || StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(value));
        return firewall;
    }

    /**
     * Spring Security's bearer token resolver, with its regular expression skipped for the header every request
     * carries: {@code Bearer } (any case) and a token68 ({@code [A-Za-z0-9-._~+/]+=*}), exactly what that expression
     * accepts, is the token (2.2% of a read's samples, issue 17). Any other header, or none, goes to the standard
     * resolver, which answers as it always did (no token, or 401 for a malformed one).
     */
    static BearerTokenResolver bearerTokens() {
        DefaultBearerTokenResolver standard = new DefaultBearerTokenResolver();
        return request -> {
            String token = token68(request.getHeader(HttpHeaders.AUTHORIZATION));
            return token != null ? token : standard.resolve(request);
        };
    }

    /** The token of a well-formed {@code Bearer} credential, or {@code null} for anything else. */
    static String token68(String header) {
        int prefix = "Bearer ".length();
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, prefix)) {
            return null;
        }
        int i = prefix;
        while (i < header.length() && token68Char(header.charAt(i))) {
            i++;
        }
        if (i == prefix) {
            return null;
        }
        while (i < header.length() && header.charAt(i) == '=') {
            i++;
        }
        return i == header.length() ? header.substring(prefix) : null;
    }

    private static boolean token68Char(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }

    /** Before security: a path that could be read two ways is a 400, so matrix and handler read it alike. */
    @Bean
    public FilterRegistrationBean<PathNormalisationFilter> pathNormalisationFilter(ProblemWriter problems) {
        FilterRegistrationBean<PathNormalisationFilter> registration = new FilterRegistrationBean<>(new PathNormalisationFilter(problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    public SecurityFilterChain serviceSecurity(HttpSecurity http, JwtDecoder internalTokenDecoder, ProblemWriter problems)
            throws Exception {
        JwtAuthenticationConverter roles = new JwtAuthenticationConverter();
        roles.setJwtGrantedAuthoritiesConverter(ServiceSecurityAutoConfiguration::authorities);
        http.csrf(csrf -> csrf.disable())
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .authorizeHttpRequests(requests -> requests
                    .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus").permitAll()
                    .requestMatchers("/internal/**").hasRole(Roles.INTERNAL)
                    .anyRequest().access(accessMatrix()))
            .oauth2ResourceServer(resourceServer -> resourceServer
                    .bearerTokenResolver(bearerTokens())
                    .jwt(jwt -> jwt.decoder(internalTokenDecoder).jwtAuthenticationConverter(roles))
                    .authenticationEntryPoint((request, response, e) -> problems.write(request, response,
                            HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                            "A valid internal token from the gateway is required"))
                    .accessDeniedHandler((request, response, e) -> problems.write(request, response,
                            HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "Your roles do not allow this request")))
            .exceptionHandling(exceptions -> exceptions
                    .authenticationEntryPoint((request, response, e) -> problems.write(request, response,
                            HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                            "A valid internal token from the gateway is required"))
                    .accessDeniedHandler((request, response, e) -> problems.write(request, response,
                            HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "Your roles do not allow this request")));
        return http.build();
    }

    private static AuthorizationManager<RequestAuthorizationContext> accessMatrix() {
        return (authentication, context) -> {
            var auth = authentication.get();
            if (auth == null || !auth.isAuthenticated()) {
                return new AuthorizationDecision(false);
            }
            List<String> held = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                                    .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5)).toList();
            var request = context.getRequest();
            // the decoded path the handler will match; ambiguous ones never get here (PathNormalisationFilter)
            String path = RequestPaths.normalise(request.getRequestURI().substring(request.getContextPath().length()));
            return new AuthorizationDecision(AccessMatrix.allows(request.getMethod(), path, held));
        };
    }

    static Collection<GrantedAuthority> authorities(Jwt jwt) {
        String roles = jwt.getClaimAsString(InternalToken.ROLES);
        if (roles == null || roles.isBlank()) {
            return List.of();
        }
        return Arrays.stream(roles.trim().split("\\s+"))
                     .<GrantedAuthority>map(role -> () -> "ROLE_" + role)
                     .toList();
    }
}
