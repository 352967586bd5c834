package io.modelledger.monitor.alert.notify;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.modelledger.contracts.monitor.AlertAcknowledged;
import io.modelledger.contracts.monitor.AlertRaised;
import io.modelledger.contracts.monitor.AlertResolved;
import io.modelledger.contracts.monitor.RetrainingRequested;
import io.modelledger.monitor.MonitorProperties;
import io.modelledger.platform.outbound.GuardedHttp;
import io.modelledger.platform.outbound.WebhookSignature;
import io.modelledger.platform.outbound.RefusedAddressException;
import io.modelledger.platform.outbound.ResponseTooLargeException;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Sends alert and retraining events to the configured webhooks: a JSON body
 * {@code {"type", "id", "occurredAt", "payload"}} with headers {@code X-ModelLedger-Event},
 * {@code X-ModelLedger-Delivery} (the event id, for de-duplication), {@code X-ModelLedger-Timestamp} and
 * {@code X-ModelLedger-Signature: sha256=<hex>}, the HMAC-SHA256 under the webhook's secret of
 * {@code <timestamp>.<body>}. Sent through the guarded client: an internal address is reached only where an
 * operator allowed it, redirects are not followed. Non-2xx answers and I/O errors are retried with exponential backoff; a
 * delivery that still fails is logged, and the event stays in the log for anyone to fetch.
 */
@Component
@ProcessingGroup("monitor-webhooks")
class WebhookNotifier {

    public static final String SIGNATURE = WebhookSignature.SIGNATURE;
    public static final String TIMESTAMP = WebhookSignature.TIMESTAMP;

    private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);
    private final MonitorProperties properties;
    private final GuardedHttp outbound;
    private final JsonMapper json;
    private final Clock clock;

    WebhookNotifier(MonitorProperties properties, GuardedHttp outbound, JsonMapper json, Clock clock) {
        this.properties = properties;
        this.outbound = outbound;
        this.json = json;
        this.clock = clock;
    }

    @EventHandler
    @DisallowReplay
    void on(AlertRaised event, EventMessage<?> message, @Timestamp Instant at) {
        deliver("AlertRaised", message.getIdentifier(), at, event);
    }

    @EventHandler
    @DisallowReplay
    void on(AlertAcknowledged event, EventMessage<?> message, @Timestamp Instant at) {
        deliver("AlertAcknowledged", message.getIdentifier(), at, event);
    }

    @EventHandler
    @DisallowReplay
    void on(AlertResolved event, EventMessage<?> message, @Timestamp Instant at) {
        deliver("AlertResolved", message.getIdentifier(), at, event);
    }

    @EventHandler
    @DisallowReplay
    void on(RetrainingRequested event, EventMessage<?> message, @Timestamp Instant at) {
        deliver("RetrainingRequested", message.getIdentifier(), at, event);
    }

    private void deliver(String type, String id, Instant at, Object payload) {
        for (MonitorProperties.Webhook webhook : properties.webhooks()) {
            if (!webhook.events().isEmpty() && !webhook.events().contains(type)) {
                continue;
            }
            ObjectNode body = json.createObjectNode().put("type", type).put("id", id).put("occurredAt", at.toString());
            body.set("payload", json.valueToTree(payload));
            String content = body.toString();
            String timestamp = String.valueOf(clock.instant().getEpochSecond());
            Map<String, String> headers = Map.of("X-ModelLedger-Event", type, "X-ModelLedger-Delivery", id, TIMESTAMP, timestamp,
                                                 SIGNATURE, WebhookSignature.header(webhook.secret(), timestamp, content));
            Retry retry = Retry.of("webhook", RetryConfig.<GuardedHttp.Response>custom().maxAttempts(webhook.maxAttempts())
                    .retryOnResult(r -> r.status() / 100 != 2).retryExceptions(IOException.class)
                    .ignoreExceptions(RefusedAddressException.class, ResponseTooLargeException.class)
                    .intervalFunction(io.github.resilience4j.core.IntervalFunction.ofExponentialBackoff(Duration.ofMillis(200), 2))
                    .build());
            try {
                GuardedHttp.Response response = Retry.decorateCheckedSupplier(retry,
                        () -> outbound.send("POST", URI.create(webhook.url()), headers, content, Duration.ofSeconds(10))).get();
                if (response.status() / 100 != 2) {
                    log.warn("Webhook {} answered {} to {} {} after {} attempts", webhook.url(), response.status(), type, id,
                             webhook.maxAttempts());
                }
            } catch (Throwable e) {
                log.warn("Webhook {} could not be reached for {} {}: {}", webhook.url(), type, id, e.toString());
            }
        }
    }
}
