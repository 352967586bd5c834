package io.modelledger.platform.security;

import io.modelledger.platform.test.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A verified internal token is verified once, accepted until it expires and not a moment longer; a bad one never sticks. */
class VerifiedTokenCacheTest {

    private static final Instant T0 = Instant.parse("2026-03-01T14:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final AtomicInteger verifications = new AtomicInteger();

    /** Stands in for the signature check: tokens named "good-…" verify and expire 60 s after T0, others fail. */
    private final JwtDecoder verifier = token -> {
        verifications.incrementAndGet();
        if (!token.startsWith("good-") || !clock.instant().isBefore(T0.plusSeconds(60))) {
            throw new BadJwtException("invalid");
        }
        return Jwt.withTokenValue(token).header("alg", "ES256").subject("user:carol").issuedAt(T0).expiresAt(T0.plusSeconds(60)).build();
    };

    @Test
    void aTokenIsVerifiedOnceAndAcceptedUntilItExpires() {
        VerifiedTokenCache cache = new VerifiedTokenCache(verifier, clock, 100);
        for (int i = 0; i < 5; i++) {
            assertThat(cache.decode("good-1").getSubject()).isEqualTo("user:carol");
        }
        assertThat(verifications).hasValue(1);
        clock.set(T0.plusSeconds(59));
        cache.decode("good-1");
        assertThat(verifications).hasValue(1);
        clock.set(T0.plusSeconds(60));
        assertThatThrownBy(() -> cache.decode("good-1")).as("expired: verified again, and refused").isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void aTokenThatFailsIsCheckedEveryTimeAndTheCacheStaysBounded() {
        VerifiedTokenCache cache = new VerifiedTokenCache(verifier, clock, 3);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> cache.decode("forged")).isInstanceOf(BadJwtException.class);
        }
        assertThat(verifications).hasValue(2);
        for (int i = 0; i < 10; i++) {
            cache.decode("good-" + i);
        }
        assertThat(cache.size()).isEqualTo(3);
        int before = verifications.get();
        cache.decode("good-0");
        assertThat(verifications).as("a flood of other tokens did not push out the ones remembered first").hasValue(before);
        assertThat(cache.decode("good-9").getTokenValue()).as("one that did not fit is verified each time").isEqualTo("good-9");
        assertThat(verifications).hasValue(before + 1);
    }
}
