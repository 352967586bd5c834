package io.modelledger.gateway.security;

import io.modelledger.contracts.access.Roles;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import reactor.core.publisher.Mono;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Bearer tokens from an external OpenID Connect provider: signature against its JWKS, issuer, audience and
 * expiry checked by Spring Security; our roles read from a configurable claim.
 */
final class OidcAuthenticationManager {

    private OidcAuthenticationManager() {
    }

    static ReactiveAuthenticationManager create(GatewaySecurityProperties.Oidc oidc) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(oidc.jwkSetUri()).build();
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>(
                "aud", aud -> aud != null && aud.contains(oidc.audience()));
        // access tokens in RFC 9068's profile say typ "at+jwt" (panva's oidc-provider, among others); plain JWTs say "JWT" or
        // nothing: all are bearer tokens here (the default validator accepts "JWT" alone)
        JwtTypeValidator types = new JwtTypeValidator("JWT", "at+jwt");
        types.setAllowEmpty(true);
        // issuer and audience are both required when OIDC is on (GatewaySecurityProperties.Oidc refuses to start without)
        decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(
                List.of(types, audience, new org.springframework.security.oauth2.jwt.JwtIssuerValidator(oidc.issuer()))));
        JwtReactiveAuthenticationManager manager = new JwtReactiveAuthenticationManager(decoder);
        manager.setJwtAuthenticationConverter(jwt -> Mono.just(Caller.withOidc(
                "user:" + jwt.getClaimAsString(oidc.subjectClaim()), jwt.getIssuer() == null ? "unknown" : jwt.getIssuer().toString(),
                roles(jwt.getClaims(), oidc.rolesClaim()))));
        return manager;
    }

    static List<String> roles(Map<String, Object> claims, String path) {
        Object value = claims;
        for (String part : path.split("\\.")) {
            value = value instanceof Map<?, ?> map ? map.get(part) : null;
        }
        Collection<?> names = value instanceof Collection<?> c ? c
                : value instanceof String s ? Arrays.asList(s.trim().split("\\s+")) : List.of();
        return names.stream().map(String::valueOf).filter(Roles.ASSIGNABLE::contains).distinct().toList();
    }
}
