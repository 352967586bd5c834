package io.modelledger.platform.security;

import io.modelledger.contracts.Sha256;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies an internal token once and remembers the result, by the token's SHA-256, until the token expires: the
 * gateway shares one token between a caller's requests, so a service checks its ES256 signature once instead of
 * once per request. A token that failed is not remembered. A remembered token is accepted until its own expiry
 * exactly as a re-verification would accept it, with one difference: if the gateway's key is withdrawn from its
 * JWKS meanwhile, tokens already verified stay good until they expire (at most the token lifetime, 60 s by
 * default). Bounded: when full, expired entries are dropped; if none has expired the new token is not remembered,
 * so a flood of distinct tokens cannot push out the ones in use.
 */
final class VerifiedTokenCache implements JwtDecoder {

    private final JwtDecoder verifier;
    private final Clock clock;
    private final int maxEntries;
    private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

    VerifiedTokenCache(JwtDecoder verifier, Clock clock, int maxEntries) {
        this.verifier = verifier;
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        String key = Sha256.hex(token);
        Instant now = clock.instant();
        Jwt known = verified.get(key);
        if (known != null) {
            if (known.getExpiresAt() != null && now.isBefore(known.getExpiresAt())) {
                return known;
            }
            verified.remove(key);
        }
        Jwt jwt = verifier.decode(token); // throws on a bad signature, issuer, audience or time
        if (jwt.getExpiresAt() != null && now.isBefore(jwt.getExpiresAt())) {
            if (verified.size() >= maxEntries) {
                verified.values().removeIf(entry -> !now.isBefore(entry.getExpiresAt()));
            }
            if (verified.size() < maxEntries) { // full of live tokens: this one is verified each time, the others stay
                verified.put(key, jwt);
            }
        }
        return jwt;
    }

    int size() {
        return verified.size();
    }

}
