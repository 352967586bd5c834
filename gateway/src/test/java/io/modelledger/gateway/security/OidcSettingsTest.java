package io.modelledger.gateway.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OIDC is on with a provider's JWKS, and then only with the issuer and the API's own audience: no token of another client passes. */
class OidcSettingsTest {

    @Test
    void oidcWithoutAnAudienceOrAnIssuerDoesNotStartAndNamesWhatIsMissing() {
        assertThatThrownBy(() -> new GatewaySecurityProperties.Oidc("https://idp/jwks", "https://idp", null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("modelledger.gateway.oidc.audience is required");
        assertThatThrownBy(() -> new GatewaySecurityProperties.Oidc("https://idp/jwks", " ", "urn:api", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("modelledger.gateway.oidc.issuer is required");
        assertThat(new GatewaySecurityProperties.Oidc("https://idp/jwks", "https://idp", "urn:api", null, null).enabled()).isTrue();
        assertThat(new GatewaySecurityProperties.Oidc(null, null, null, null, null).enabled()).as("off, nothing required").isFalse();
    }
}
