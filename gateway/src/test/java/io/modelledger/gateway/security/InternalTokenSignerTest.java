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
}
