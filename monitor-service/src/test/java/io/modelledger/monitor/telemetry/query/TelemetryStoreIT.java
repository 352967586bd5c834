package io.modelledger.monitor.telemetry.query;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.modelledger.platform.test.MutableClock;
import io.modelledger.platform.test.TestMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The column store of telemetry on the real wire protocol: batches once, windows exact to the millisecond, sampling, retention. */
class TelemetryStoreIT {

    private static final MongoClient CLIENT = MongoClients.create(TestMongo.uri("telemetry-store"));
    private static final Instant T0 = Instant.parse("2026-03-01T14:00:00Z");

    private final MutableClock clock = new MutableClock(T0);

    @AfterAll
    static void close() {
        CLIENT.close();
    }

    private TelemetryStore store(int maxWindowRecords) {
        String db = "telemetry-" + UUID.randomUUID().toString().substring(0, 8);
        return new TelemetryStore(new MongoTemplate(CLIENT, db), Duration.ofDays(7), maxWindowRecords, clock, new CanaryEvidenceStore(new MongoTemplate(CLIENT, db)));
    }

    private static InferenceRecord record(int version, long at, Map<String, Object> features, boolean error) {
        return new InferenceRecord("fraud", version, "prod", at, features, 0.9, null, 12.5, 10, 20, 0.001, List.of(), error, null);
    }

    @Test
    void aBatchIsStoredOnceAndAWindowHoldsExactlyTheRecordsInItsRange() {
        TelemetryStore store = store(200_000);
        long start = T0.toEpochMilli();
        List<InferenceRecord> batch = List.of(
                record(1, start - 1, Map.of("amount", 1.0), false),            // just before the window
                record(1, start, Map.of("amount", 2.0), false),
                record(2, start + 59_999, Map.of("country", "DE"), true),      // another feature, another version
                record(1, start + 60_000, Map.of("amount", 4.0), false),       // the next minute's document
                record(1, start + 120_000, Map.of("amount", 5.0), false));     // at the window's end: excluded
        assertThat(store.ingest("b-1", batch, 1)).extracting(TelemetryStore.Receipt::accepted, TelemetryStore.Receipt::rejected,
                                                             TelemetryStore.Receipt::duplicate).containsExactly(5, 1, false);
        assertThat(store.ingest("b-1", batch, 1)).as("a retried batch is recognised, and stores nothing")
                                                 .isEqualTo(new TelemetryStore.Receipt("b-1", 5, 1, true));

        WindowData window = store.window("fraud", "prod", T0, T0.plusSeconds(120));
        assertThat(window.size()).isEqualTo(3);
        assertThat(window.sampled).isFalse();
        assertThat(window.errors).containsExactlyInAnyOrder(false, true, false);
        assertThat(window.feature("amount", 1)).containsExactlyInAnyOrder(2.0, 4.0);
        assertThat(window.feature("country", 2)).containsExactly("DE");
        assertThat(window.features.get("amount")).as("columns stay aligned: null where a record lacked the feature").hasSize(3).containsNull();
        assertThat(store.window("fraud", "staging", T0, T0.plusSeconds(120)).size()).isZero();
    }

    @Test
    void aWindowBeyondTheReadLimitIsSampledAndSaysSo() {
        TelemetryStore store = store(2_000);
        for (int b = 0; b < 5; b++) {
            List<InferenceRecord> batch = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                batch.add(record(1, T0.toEpochMilli() + b * 1_000L + i % 1_000, new HashMap<>(Map.of("x", (double) i)), false));
            }
            store.ingest("s-" + b, batch, 0);
        }
        WindowData window = store.window("fraud", "prod", T0, T0.plusSeconds(60));
        assertThat(window.sampled).isTrue();
        assertThat(window.size()).as("two of the five 1,000-record documents").isEqualTo(2_000);
    }

    @Test
    void recordsPastTheirRetentionAreSweptAway() {
        TelemetryStore store = store(200_000);
        store.ingest("old", List.of(record(1, T0.toEpochMilli(), Map.of(), false)), 0);
        clock.set(T0.plus(Duration.ofDays(6)));
        store.sweep();
        assertThat(store.window("fraud", "prod", T0, T0.plusSeconds(60)).size()).as("still within 7 days").isEqualTo(1);
        clock.set(T0.plus(Duration.ofDays(8)));
        store.sweep();
        assertThat(store.window("fraud", "prod", T0, T0.plusSeconds(60)).size()).isZero();
    }
}
