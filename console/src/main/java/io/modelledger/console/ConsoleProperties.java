package io.modelledger.console;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * @param apiUrl          the gateway the console calls with the signed-in person's credential
 * @param apiTimeout      how long one call may take before the page says the platform did not answer
 * @param auditPublicKey  the audit trail's public key, pinned by whoever runs the console (PEM, its base64, or a
 *                        file path): exports are verified against it, never against a key the exporting server
 *                        hands out; without it the console says it cannot verify
 * @param windowSizes     the monitor's window sizes ({@code modelledger.monitor.windows}, with the same defaults): a chart
 *                        over a range uses the smallest of them that gives at most 500 points
 * @param sessionLifetime how long a sign-in lasts however active the session is (the idle timeout, one hour, is
 *                        {@code server.servlet.session.timeout}); default eight hours
 */
@ConfigurationProperties("modelledger.console")
public record ConsoleProperties(String apiUrl, Duration apiTimeout, String auditPublicKey, List<Duration> windowSizes,
                                Duration sessionLifetime) {

    public ConsoleProperties {
        apiUrl = apiUrl == null || apiUrl.isBlank() ? "http://127.0.0.1:8080" : apiUrl.replaceAll("/+$", "");
        apiTimeout = apiTimeout == null ? Duration.ofSeconds(30) : apiTimeout;
        windowSizes = windowSizes == null || windowSizes.isEmpty()
                ? List.of(Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofDays(1))
                : windowSizes.stream().sorted().toList();
        sessionLifetime = sessionLifetime == null ? Duration.ofHours(8) : sessionLifetime;
    }
}
