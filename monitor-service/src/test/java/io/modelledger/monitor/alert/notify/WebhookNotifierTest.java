package io.modelledger.monitor.alert.notify;

import com.sun.net.httpserver.HttpServer;
import io.modelledger.contracts.monitor.AlertRaised;
import io.modelledger.contracts.monitor.AlertResolved;
import io.modelledger.monitor.MonitorProperties;
import io.modelledger.platform.observe.OutboundHttp;
import io.modelledger.platform.outbound.GuardedHttp;
import io.modelledger.platform.outbound.HostResolver;
import io.modelledger.platform.outbound.OutboundGuard;
import io.modelledger.platform.outbound.WebhookSignature;
import io.opentelemetry.api.OpenTelemetry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Deliveries to a real HTTP receiver: the body, the signature a receiver can check, the event filter, and retries. */
class WebhookNotifierTest {

    /** As the services configure it: strict reading, null fields left out (modelledger-service-defaults.yml). */
    private static final JsonMapper JSON;

    static {
        JsonMapper.Builder builder = JsonMapper.builder().changeDefaultPropertyInclusion(
                inclusion -> inclusion.withValueInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL));
        io.modelledger.platform.web.StrictJson.apply(builder);
        JSON = builder.build();
    }
    private static final Instant NOW = Instant.parse("2026-03-01T14:00:00Z");

    private record Delivery(Map<String, String> headers, String body) {
    }

    private final List<Delivery> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failFirst = new AtomicInteger();
    private final HttpServer receiver;

    WebhookNotifierTest() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = failFirst.getAndDecrement() > 0 ? 503 : 204;
            if (status == 204) {
                received.add(new Delivery(Map.of("event", exchange.getRequestHeaders().getFirst("X-ModelLedger-Event"),
                                                 "delivery", exchange.getRequestHeaders().getFirst("X-ModelLedger-Delivery"),
                                                 "timestamp", exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP),
                                                 "signature", exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE)), body));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    private WebhookNotifier notifier(List<String> events, int attempts) {
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        MonitorProperties properties = new MonitorProperties(null, null, null,
                                                             List.of(new MonitorProperties.Webhook(url, "s3cret", events, attempts)));
        GuardedHttp http = new GuardedHttp(new OutboundGuard(HostResolver.system(), List.of("127.0.0.1")),
                                           new OutboundHttp(OpenTelemetry.noop()), 1 << 16, Duration.ofSeconds(2));
        return new WebhookNotifier(properties, http, JSON, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static AlertRaised alert() {
        return new AlertRaised("a-1", "fraud", "critical", "psi 0.4 > 0.2", "r-1", "prod", 3, "psi", 0.4, 0.2,
                               NOW.minusSeconds(900), NOW);
    }

    @Test
    void aDeliveryIsSignedOverTheTimestampAndTheBodyItCarries() {
        AlertRaised alert = alert();
        notifier(List.of(), 1).on(alert, GenericEventMessage.asEventMessage(alert), NOW.minusSeconds(1));

        assertThat(received).hasSize(1);
        Delivery delivery = received.getFirst();
        assertThat(delivery.headers()).containsEntry("event", "AlertRaised").containsEntry("timestamp", String.valueOf(NOW.getEpochSecond()));
        assertThat(delivery.headers().get("signature"))
                .isEqualTo(WebhookSignature.header("s3cret", delivery.headers().get("timestamp"), delivery.body()))
                .isNotEqualTo(WebhookSignature.header("other", delivery.headers().get("timestamp"), delivery.body()));
        JsonNode body = JSON.readTree(delivery.body());
        assertThat(body.get("type").asString()).isEqualTo("AlertRaised");
        assertThat(body.get("id").asString()).isEqualTo(delivery.headers().get("delivery"));
        assertThat(body.get("occurredAt").asString()).isEqualTo("2026-03-01T13:59:59Z");
        assertThat(body.get("payload").get("alertId").asString()).isEqualTo("a-1");
        assertThat(body.get("payload").get("windowStart").asString()).as("instants as ISO-8601, like occurredAt")
                                                                     .isEqualTo("2026-03-01T13:45:00Z");
        AlertResolved manual = new AlertResolved("a-1", "fraud", "manual", null);
        notifier(List.of(), 1).on(manual, GenericEventMessage.asEventMessage(manual), NOW);
        assertThat(JSON.readTree(received.getLast().body()).get("payload").has("value")).as("null fields are left out, as in the API")
                                                                                       .isFalse();
    }

    @Test
    void onlyTheEventsAWebhookAskedForAreSentAndAFailingReceiverIsRetried() {
        failFirst.set(2);
        WebhookNotifier notifier = notifier(List.of("AlertResolved"), 3);
        AlertRaised raised = alert();
        notifier.on(raised, GenericEventMessage.asEventMessage(raised), NOW);
        AlertResolved resolved = new AlertResolved("a-1", "fraud", "cleared", 0.1);
        notifier.on(resolved, GenericEventMessage.asEventMessage(resolved), NOW);

        assertThat(received).as("two 503s, then the third attempt lands; the raise was not asked for")
                            .extracting(d -> d.headers().get("event")).containsExactly("AlertResolved");
    }
}
