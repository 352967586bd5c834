package io.modelledger.monitor.telemetry.query;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.modelledger.platform.test.TestMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Canary evidence on a real MongoDB wire server: only bound keys' batches count, each once, with their scores. */
class CanaryEvidenceStoreIT {

    private static final MongoClient CLIENT = MongoClients.create(TestMongo.uri("canary-counts"));
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private final MongoTemplate mongo = new MongoTemplate(CLIENT, "canary-" + UUID.randomUUID().toString().substring(0, 8));
    private final CanaryEvidenceStore counts = new CanaryEvidenceStore(mongo);
    private final TelemetryStore store = new TelemetryStore(mongo, Duration.ofDays(7), 200_000,
                                                            Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC), counts);

    @AfterAll
    static void close() {
        CLIENT.close();
    }

    private static InferenceRecord record(int version, long offsetMillis, double latency, boolean error, int tokens) {
        return new InferenceRecord("fraud", version, "production", T0.toEpochMilli() + offsetMillis, Map.of(), null, null, latency,
                                   tokens, tokens, 0.0, error ? List.of("harmful") : List.of(), error, null, null, null, null, null, null);
    }

    @Test
    void evidenceIsCountedOncePerBatchAndOtherTelemetryNotAtAll() {
        List<InferenceRecord> batch = List.of(record(2, 0, 123.456, true, 10), record(2, 1_000, 123.4, false, 10),
                                              record(2, 61_000, 0.25, false, 0));
        store.ingest("bound~k1", batch, 0, true);
        store.ingest("bound~k1", batch, 0, true); // a retry
        store.ingest("unbound", batch, 0, false);
        CanaryEvidenceStore.Arm arm = counts.arms("fraud", "production", List.of(1, 2), T0, T0.plusSeconds(120)).get(2);
        assertThat(arm.records()).isEqualTo(3);
        assertThat(arm.errors()).isEqualTo(1);
        assertThat(arm.flagged()).isEqualTo(1);
        assertThat(arm.latency()).as("three significant digits from a millisecond up, microseconds below")
                                 .containsExactlyInAnyOrderEntriesOf(Map.of(123.0, 2L, 0.25, 1L));
        assertThat(arm.promptTokens()).containsExactlyInAnyOrderEntriesOf(Map.of(10.0, 2L, 0.0, 1L));
        assertThat(counts.arms("fraud", "production", List.of(1), T0, T0.plusSeconds(120)).get(1).records()).isZero();
        assertThat(counts.arms("fraud", "production", List.of(2), T0.plusSeconds(60), T0.plusSeconds(120)).get(2).records())
                .as("only the minutes asked for").isEqualTo(1);
    }

    @Test
    void onlineScoresOfEvidenceAreCountedOnceAsMoments() {
        TelemetryStore.Receipt bound = store.ingest("scored~k1", List.of(record(1, 0, 10, false, 0), record(1, 10, 10, false, 0)), 0, true);
        TelemetryStore.Receipt unbound = store.ingest("scored", List.of(record(1, 0, 10, false, 0)), 0, false);
        String document = bound.stored().get(0).documentId();
        java.util.List<Double> scores = java.util.Arrays.asList(0.5, null);
        store.saveScores(document, Map.of("grounded", java.util.Arrays.asList(0.5, 0.9)), Map.of("grounded", "groundedness"));
        store.saveScores(document, Map.of("grounded", java.util.Arrays.asList(0.5, 0.9)), Map.of("grounded", "groundedness"));
        store.saveScores(unbound.stored().get(0).documentId(), Map.of("grounded", scores), Map.of("grounded", "groundedness"));
        CanaryEvidenceStore.Arm arm = counts.arms("fraud", "production", List.of(1), T0, T0.plusSeconds(60)).get(1);
        CanaryEvidenceStore.Moments moments = arm.scores().get("grounded");
        assertThat(moments.n()).isEqualTo(2);
        assertThat(moments.mean()).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(moments.variance()).isCloseTo(0.08, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(arm.kinds()).containsEntry("grounded", "groundedness");
    }
}
