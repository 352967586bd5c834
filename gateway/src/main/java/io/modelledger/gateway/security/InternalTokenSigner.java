package io.modelledger.gateway.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.modelledger.contracts.access.InternalToken;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/** Signs the internal tokens the gateway forwards with each request, and publishes their public key. */
public final class InternalTokenSigner {

    private final ECKey key;
    private final java.util.List<com.nimbusds.jose.jwk.JWK> published;
    private final ECDSASigner signer;
    private final Duration ttl;
    private final Clock clock;
    /** Tokens minted for a caller, shared by that caller's requests for half a token's lifetime. */
    private final java.util.Map<Identity, Minted> reusable = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_REUSABLE = 10_000;

    /** Everything a token says about its caller: a token is shared only between requests of exactly this identity. */
    private record Identity(String subject, java.util.List<String> roles, String authMethod, String keyId, String identityIssuer,
                            String boundModel, String boundEnvironment) {
    }

    private record Minted(String token, java.time.Instant reuseUntil) {
    }

    InternalTokenSigner(ECKey key, Duration ttl, Clock clock) {
        this(key, java.util.List.of(), ttl, clock);
    }

    InternalTokenSigner(ECKey key, java.util.List<com.nimbusds.jose.jwk.JWK> alsoPublished, Duration ttl, Clock clock) {
        this.key = key;
        java.util.List<com.nimbusds.jose.jwk.JWK> keys = new java.util.ArrayList<>();
        keys.add(key.toPublicJWK());
        alsoPublished.stream().map(com.nimbusds.jose.jwk.JWK::toPublicJWK)
                     .filter(k -> !k.getKeyID().equals(key.getKeyID())).forEach(keys::add);
        this.published = java.util.List.copyOf(keys);
        this.ttl = ttl;
        this.clock = clock;
        try {
            this.signer = new ECDSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("Unusable signing key", e);
        }
    }

    /**
     * From a configured private JWK, or a key generated for this process when none is configured, also publishing
     * {@code verificationKeys} (JWKs) for a key rotation.
     */
    public static InternalTokenSigner create(String configuredJwk, java.util.List<String> verificationKeys, Duration ttl, Clock clock) {
        try {
            ECKey key = configuredJwk == null || configuredJwk.isBlank()
                    ? new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate()
                    : ECKey.parse(configuredJwk);
            if (key.getKeyID() == null) {
                key = new ECKey.Builder(key).keyIDFromThumbprint().build();
            }
            java.util.List<com.nimbusds.jose.jwk.JWK> also = new java.util.ArrayList<>();
            for (String jwk : verificationKeys) {
                com.nimbusds.jose.jwk.JWK parsed = com.nimbusds.jose.jwk.JWK.parse(jwk);
                also.add(parsed.getKeyID() == null ? new ECKey.Builder(parsed.toECKey()).keyIDFromThumbprint().build() : parsed);
            }
            return new InternalTokenSigner(key, also, ttl, clock);
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException("modelledger.gateway.signing-key is not an EC private JWK", e);
        }
    }

    /**
     * The internal token for one of an authenticated caller's requests: the one minted for the same identity less
     * than half a lifetime ago, else a new one. It carries no request id (the gateway sends that in
     * {@code X-Request-Id}), so many requests share one token and the services verify its signature once.
     * Authentication, and with it revocation, still happens on every request before this is asked; a shared token
     * lives no longer than any other.
     */
    public String tokenFor(Caller caller) {
        Identity identity = new Identity(caller.getName(), java.util.List.copyOf(caller.roles()), caller.authMethod(), caller.keyId(),
                                         caller.identityIssuer(), caller.boundModel(), caller.boundEnvironment());
        java.time.Instant now = clock.instant();
        Minted minted = reusable.get(identity);
        if (minted != null && now.isBefore(minted.reuseUntil())) {
            return minted.token();
        }
        String token = sign(caller, null);
        if (reusable.size() >= MAX_REUSABLE) {
            reusable.values().removeIf(old -> !now.isBefore(old.reuseUntil()));
        }
        if (reusable.size() < MAX_REUSABLE) { // bounded: a flood of distinct callers costs them a mint each, not the others
            reusable.put(identity, new Minted(token, now.plus(ttl.dividedBy(2))));
        }
        return token;
    }

    public String sign(Caller caller, String requestId) {
        Date now = Date.from(clock.instant());
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(InternalToken.ISSUER)
                .audience(InternalToken.AUDIENCE)
                .subject(caller.getName())
                .issueTime(now)
                .expirationTime(Date.from(clock.instant().plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .claim(InternalToken.ROLES, String.join(" ", caller.roles()))
                .claim(InternalToken.AUTH_METHOD, caller.authMethod());
        if (caller.keyId() != null) {
            claims.claim(InternalToken.KEY_ID, caller.keyId());
        }
        if (caller.boundModel() != null) {
            claims.claim(InternalToken.BOUND_MODEL, caller.boundModel());
            claims.claim(InternalToken.BOUND_ENVIRONMENT, caller.boundEnvironment());
        }
        if (caller.identityIssuer() != null) {
            claims.claim(InternalToken.IDENTITY_ISSUER, caller.identityIssuer());
        }
        if (requestId != null) {
            claims.claim(InternalToken.REQUEST_ID, requestId);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign an internal token", e);
        }
        return jwt.serialize();
    }

    /** The public halves only: the signing key's, and during a rotation the keys still accepted. */
    public Map<String, Object> jwks() {
        return new JWKSet(published).toJSONObject();
    }
}
