package io.modelledger.standalone;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.modelledger.contracts.audit.AuditExported;
import io.modelledger.contracts.metadata.SystemActors;
import io.modelledger.platform.axon.AxonJackson;
import io.modelledger.platform.eventstore.MongoEventStorageEngine;
import io.modelledger.platform.metadata.SystemMetadata;
import io.modelledger.platform.test.TestMongo;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every service shows its processors' lag on {@code /actuator/prometheus}, per processor and segment, and
 * its readiness includes the processors; after a burst of 10,000 events appended to the shared store, the
 * lag of every processor on every service returns to 0 (the time it took is printed).
 */
class ObservabilityIT {

    private static final Pattern LAG = Pattern.compile("modelledger_processor_lag_events\\{processor=\"([^\"]+)\",segment=\"(\\d+)\"} ([0-9.E]+)");
    private static Platform platform;
    private static String database;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        database = "observability-" + UUID.randomUUID().toString().substring(0, 8);
        platform = Platform.start(new StandaloneOptions(Path.of("target/unused"), TestMongo.uri(database), 0, Http.freePort(),
                                                        Http.freePort(), Http.freePort(), Http.freePort(), database, Map.of()));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    private String get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private Map<String, Double> lags(Platform.Service service) throws Exception {
        Map<String, Double> lags = new java.util.HashMap<>();
        Matcher matcher = LAG.matcher(get(platform.serviceUrl(service) + "/actuator/prometheus"));
        while (matcher.find()) {
            lags.put(matcher.group(1) + "/" + matcher.group(2), Double.parseDouble(matcher.group(3)));
        }
        return lags;
    }

    @Test
    void processorLagIsExposedAndReturnsToZeroAfterABurstOf10000Events() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> lags(Platform.Service.REGISTRY).containsKey("audit-log/0"));
        assertThat(lags(Platform.Service.EVAL)).containsKeys("eval-runs/0", "eval-suites/0");
        assertThat(lags(Platform.Service.MONITOR)).containsKeys("monitor-alerts/0", "monitor-deployments/0");
        assertThat(get(platform.serviceUrl(Platform.Service.REGISTRY) + "/actuator/health/readiness")).contains("eventProcessors", "\"UP\"");
        assertThat(get(platform.gatewayUrl() + "/actuator/prometheus")).contains("http_server_requests");

        try (MongoClient client = MongoClients.create(platform.mongoUri())) {
            MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(client.getDatabase(database))
                    .eventSerializer(AxonJackson.serializer()).snapshotSerializer(AxonJackson.serializer()).build();
            long start = System.nanoTime();
            for (int commit = 0; commit < 1000; commit++) {
                List<EventMessage<?>> events = new ArrayList<>(10);
                for (int i = 0; i < 10; i++) {
                    events.add(GenericEventMessage.asEventMessage(new AuditExported("burst " + commit + "/" + i, "json", 1, "x"))
                                                  .andMetaData(SystemMetadata.of(SystemActors.REGISTRY, "burst")));
                }
                engine.appendEvents(events);
            }
            double appended = (System.nanoTime() - start) / 1e9;
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
                for (Platform.Service service : Platform.Service.values()) {
                    Map<String, Double> lags = lags(service);
                    if (lags.isEmpty() || lags.values().stream().anyMatch(v -> v > 0)) {
                        return false;
                    }
                }
                return true;
            });
            System.out.printf("10,000 events appended in %.1f s; every processor of every service at lag 0 after %.1f s%n",
                              appended, (System.nanoTime() - start) / 1e9);
        }
    }
}
