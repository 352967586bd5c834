package io.modelledger.gateway.security;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InternalTokenSignerTest {

    @Test
    void everyReplicaWithTheSharedKeyPublishesItAndARotationPublishesBothKeys() throws Exception {
        ECKey shared = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
        ECKey previous = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
        InternalTokenSigner one = InternalTokenSigner.create(shared.toJSONString(), List.of(), Duration.ofSeconds(60), java.time.Clock.systemUTC());
        InternalTokenSigner two = InternalTokenSigner.create(shared.toJSONString(), List.of(), Duration.ofSeconds(60), java.time.Clock.systemUTC());
        assertThat(one.jwks()).isEqualTo(two.jwks());
        JWKSet rotating = JWKSet.parse(InternalTokenSigner.create(shared.toJSONString(), List.of(previous.toPublicJWK().toJSONString()),
                                                                  Duration.ofSeconds(60), java.time.Clock.systemUTC()).jwks());
        assertThat(rotating.getKeys()).extracting(k -> k.getKeyID()).containsExactly(shared.getKeyID(), previous.getKeyID());
        assertThat(rotating.getKeys()).allMatch(k -> !k.isPrivate());
    }

    @Test
    void aCallersRequestsShareOneTokenForHalfItsLifetimeAndNoOtherIdentityGetsIt() throws Exception {
        java.time.Instant t0 = java.time.Instant.parse("2026-03-01T14:00:00Z");
        io.modelledger.platform.test.MutableClock clock = new io.modelledger.platform.test.MutableClock(t0);
        InternalTokenSigner signer = InternalTokenSigner.create(null, List.of(), Duration.ofSeconds(60), clock);
        Caller carol = Caller.withApiKey("user:carol", "key-1", List.of("contributor"));
        String first = signer.tokenFor(carol);
        assertThat(signer.tokenFor(Caller.withApiKey("user:carol", "key-1", List.of("contributor")))).isEqualTo(first);
        assertThat(signer.tokenFor(Caller.withApiKey("user:carol", "key-1", List.of("contributor", "admin")))).isNotEqualTo(first);
        assertThat(signer.tokenFor(Caller.withApiKey("user:carol", "key-2", List.of("contributor")))).as("another key").isNotEqualTo(first);
        assertThat(signer.tokenFor(Caller.withOidc("user:carol", "https://idp", List.of("contributor")))).isNotEqualTo(first);
        // each field of the identity on its own: the subject, the issuer
        String alice = signer.tokenFor(Caller.withOidc("user:alice", "https://idp", List.of("viewer")));
        String bob = signer.tokenFor(Caller.withOidc("user:bob", "https://idp", List.of("viewer")));
        String aliceElsewhere = signer.tokenFor(Caller.withOidc("user:alice", "https://other-idp", List.of("viewer")));
        assertThat(java.util.Set.of(alice, bob, aliceElsewhere)).hasSize(3);
        com.nimbusds.jwt.JWTClaimsSet bobs = com.nimbusds.jwt.SignedJWT.parse(bob).getJWTClaimsSet();
        assertThat(bobs.getSubject()).isEqualTo("user:bob");
        assertThat(bobs.getClaim(io.modelledger.contracts.access.InternalToken.ROLES)).isEqualTo("viewer");
        com.nimbusds.jwt.JWTClaimsSet carols = com.nimbusds.jwt.SignedJWT.parse(first).getJWTClaimsSet();
        assertThat(carols.getSubject()).isEqualTo("user:carol");
        assertThat(carols.getClaim(io.modelledger.contracts.access.InternalToken.KEY_ID)).isEqualTo("key-1");
        assertThat(carols.getClaim(io.modelledger.contracts.access.InternalToken.BOUND_MODEL)).as("an unbound key").isNull();
        String boundToken = signer.tokenFor(Caller.withBoundApiKey("service:fraud", "key-1", List.of("contributor"), "fraud", "production"));
        assertThat(boundToken).as("a binding is part of the identity").isNotEqualTo(first);
        com.nimbusds.jwt.JWTClaimsSet bound = com.nimbusds.jwt.SignedJWT.parse(boundToken).getJWTClaimsSet();
        assertThat(bound.getClaim(io.modelledger.contracts.access.InternalToken.BOUND_MODEL)).isEqualTo("fraud");
        assertThat(bound.getClaim(io.modelledger.contracts.access.InternalToken.BOUND_ENVIRONMENT)).isEqualTo("production");
        assertThat(com.nimbusds.jwt.SignedJWT.parse(first).getJWTClaimsSet().getClaim(io.modelledger.contracts.access.InternalToken.REQUEST_ID))
                .as("the request id travels in X-Request-Id").isNull();
        clock.set(t0.plusSeconds(29));
        assertThat(signer.tokenFor(carol)).isEqualTo(first);
        clock.set(t0.plusSeconds(30));
        String second = signer.tokenFor(carol);
        assertThat(second).as("half a lifetime on, a fresh token: a shared one never has less than 30 s left").isNotEqualTo(first);
        assertThat(com.nimbusds.jwt.SignedJWT.parse(second).getJWTClaimsSet().getExpirationTime().toInstant()).isEqualTo(t0.plusSeconds(90));
    }
}
