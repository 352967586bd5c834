package io.modelledger.console;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param apiUrl          the gateway the console calls with the signed-in person's credential
 * @param apiTimeout      how long one call may take before the page says the platform did not answer
 * @param auditPublicKey  the audit trail's public key, pinned by whoever runs the console (PEM, its base64, or a
 *                        file path): exports are verified against it, never against a key the exporting server
 *                        hands out; without it the console says it cannot verify
 */
@ConfigurationProperties("modelledger.console")
public record ConsoleProperties(String apiUrl, Duration apiTimeout, String auditPublicKey) {

    public ConsoleProperties {
        apiUrl = apiUrl == null || apiUrl.isBlank() ? "http://127.0.0.1:8080" : apiUrl.replaceAll("/+$", "");
        apiTimeout = apiTimeout == null ? Duration.ofSeconds(30) : apiTimeout;
    }
}
