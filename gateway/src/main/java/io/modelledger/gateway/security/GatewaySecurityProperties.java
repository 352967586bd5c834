package io.modelledger.gateway.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Identity at the gateway, under {@code modelledger.gateway}.
 *
 * @param signingKey      the EC P-256 private key (a JWK in JSON) that signs internal tokens; every gateway
 *                        replica must share it. Empty: a key is generated at start (one gateway only).
 * @param tokenTtl        lifetime of an internal token
 * @param keyCacheTtl     how long a checked API key is trusted before it is looked up again; bounds how
 *                        long a revoked key keeps working
 * @param registryUrl     where registry-service (which keeps API keys) answers
 * @param oidc            an external identity provider whose bearer tokens are accepted
 * @param corsAllowedOrigins the web console's origins, allowed to call the API from a browser
 * @param verificationKeys further public keys (JWKs in JSON) published beside the signing key's, for a
 *                        rotation: while replicas move to a new signing key, services accept tokens of both
 */
@ConfigurationProperties("modelledger.gateway")
public record GatewaySecurityProperties(String signingKey, Duration tokenTtl, Duration keyCacheTtl, String registryUrl,
                                        Oidc oidc, java.util.List<String> corsAllowedOrigins,
                                        java.util.List<String> verificationKeys) {

    public GatewaySecurityProperties {
        tokenTtl = tokenTtl == null ? Duration.ofSeconds(60) : tokenTtl;
        keyCacheTtl = keyCacheTtl == null ? Duration.ofMillis(1500) : keyCacheTtl; // + read-model lag: revocation within 2 s
        registryUrl = registryUrl == null ? "http://127.0.0.1:8081" : registryUrl;
        oidc = oidc == null ? new Oidc(null, null, null, null, null) : oidc;
        corsAllowedOrigins = corsAllowedOrigins == null ? java.util.List.of() : java.util.List.copyOf(corsAllowedOrigins);
        verificationKeys = verificationKeys == null ? java.util.List.of() : java.util.List.copyOf(verificationKeys);
    }

    /**
     * @param jwkSetUri    the provider's JWKS; OIDC is off while this is empty
     * @param issuer       the required {@code iss} (required when OIDC is on)
     * @param audience     the required {@code aud} (required when OIDC is on: the API's own audience at the provider)
     * @param rolesClaim   the claim holding our role names (a list or a space-separated string; dots
     *                     reach into nested objects, e.g. {@code realm_access.roles})
     * @param subjectClaim the claim naming the user (default {@code sub})
     */
    public record Oidc(String jwkSetUri, String issuer, String audience, String rolesClaim, String subjectClaim) {

        public Oidc {
            rolesClaim = rolesClaim == null ? "roles" : rolesClaim;
            subjectClaim = subjectClaim == null ? "sub" : subjectClaim;
            // a provider signs tokens for every client it serves: without both, another application's token would be a key here
            if (jwkSetUri != null && !jwkSetUri.isBlank()) {
                if (issuer == null || issuer.isBlank()) {
                    throw new IllegalArgumentException("modelledger.gateway.oidc.issuer is required when modelledger.gateway.oidc.jwk-set-uri "
                                                       + "is set: the gateway accepts only tokens its provider issued");
                }
                if (audience == null || audience.isBlank()) {
                    throw new IllegalArgumentException("modelledger.gateway.oidc.audience is required when modelledger.gateway.oidc.jwk-set-uri "
                                                       + "is set: without it, a token the provider signed for any other client (an ID token "
                                                       + "among them) would be accepted as a key to this API");
                }
            }
        }

        public boolean enabled() {
            return jwkSetUri != null && !jwkSetUri.isBlank();
        }
    }
}
