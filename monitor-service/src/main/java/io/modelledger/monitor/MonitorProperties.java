package io.modelledger.monitor;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * How monitor-service evaluates and notifies ({@code modelledger.monitor.*}).
 *
 * @param windows            tumbling window sizes evaluated for every deployment (rules may add others)
 * @param evaluationInterval how often closed windows are looked for
 * @param grace              how long after a window closes late records are still waited for
 * @param webhooks           where alert and retraining events are sent, each signed with its own secret
 * @param catchUpWindows     at most this many closed windows of one size are evaluated after a pause (an outage);
 *                           older ones are skipped and logged
 */
@ConfigurationProperties("modelledger.monitor")
public record MonitorProperties(List<Duration> windows, Duration evaluationInterval, Duration grace, List<Webhook> webhooks,
                                Integer catchUpWindows) {

    /**
     * A webhook: {@code url}, the HMAC-SHA256 {@code secret}, the event types it wants (all alert and
     * retraining events when empty), and how many attempts a delivery gets.
     */
    public record Webhook(String url, String secret, List<String> events, Integer maxAttempts) {

        public Webhook {
            events = events == null ? List.of() : List.copyOf(events);
            maxAttempts = maxAttempts == null ? 5 : maxAttempts;
        }
    }

    @org.springframework.boot.context.properties.bind.ConstructorBinding
    public MonitorProperties {
        windows = windows == null || windows.isEmpty() ? List.of(Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofDays(1))
                : List.copyOf(windows);
        evaluationInterval = evaluationInterval == null ? Duration.ofSeconds(30) : evaluationInterval;
        grace = grace == null ? Duration.ofSeconds(10) : grace;
        webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
        catchUpWindows = catchUpWindows == null ? 1000 : catchUpWindows;
        if (catchUpWindows < 1) {
            throw new IllegalArgumentException("modelledger.monitor.catch-up-windows must be at least 1");
        }
    }

    public MonitorProperties(List<Duration> windows, Duration evaluationInterval, Duration grace, List<Webhook> webhooks) {
        this(windows, evaluationInterval, grace, webhooks, null);
    }
}
