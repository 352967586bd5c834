package io.modelledger.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a service checks the gateway's internal tokens, under {@code modelledger.security}.
 *
 * @param gatewayJwksUri where the gateway publishes the keys its tokens are signed with
 */
@ConfigurationProperties("modelledger.security")
public record ServiceSecurityProperties(String gatewayJwksUri) {

    public ServiceSecurityProperties {
        gatewayJwksUri = gatewayJwksUri == null ? "http://127.0.0.1:8080/.well-known/jwks.json" : gatewayJwksUri;
    }
}
