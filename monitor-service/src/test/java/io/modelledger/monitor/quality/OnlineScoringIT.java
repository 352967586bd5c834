package io.modelledger.monitor.quality;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.modelledger.checks.Checks;
import io.modelledger.checks.TextEmbeddings;
import io.modelledger.contracts.monitor.MonitoringPolicyDefined;
import io.modelledger.monitor.policy.query.PolicyStore;
import io.modelledger.monitor.telemetry.api.CallText;
import io.modelledger.monitor.telemetry.api.RecordView;
import io.modelledger.monitor.telemetry.api.TelemetryStored;
import io.modelledger.monitor.telemetry.query.InferenceRecord;
import io.modelledger.monitor.telemetry.query.TelemetryStore;
import io.modelledger.platform.test.MutableClock;
import io.modelledger.platform.test.TestMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Online scoring of stored live outputs with the shared checks, on the Mongo wire server: the policy's checks and
 * sample rate decide what is scored, text is kept only when the policy captures content and only for its
 * retention, and the records API shows both.
 */
class OnlineScoringIT {

    private static final MongoClient CLIENT = MongoClients.create(TestMongo.uri("online-scoring"));
    private static final Instant T0 = Instant.parse("2026-03-01T14:00:00Z");

    private final MutableClock clock = new MutableClock(T0.plusSeconds(10));
    private final TelemetryStore store = store(new MongoTemplate(CLIENT, "scoring-" + UUID.randomUUID().toString().substring(0, 8)));

    private TelemetryStore store(MongoTemplate mongo) {
        return new TelemetryStore(mongo, Duration.ofDays(7), 200_000, clock, new io.modelledger.monitor.telemetry.query.CanaryEvidenceStore(mongo));
    }
    private final PolicyStore policies = mock(PolicyStore.class);
    private final OnlineScoring scoring = new OnlineScoring(store, policies, new Checks(mock(TextEmbeddings.class)), clock, 1_000_000);

    @AfterAll
    static void close() {
        CLIENT.close();
    }

    private static MonitoringPolicyDefined policy(double rate, List<MonitoringPolicyDefined.OnlineCheck> checks, boolean capture, Long keep) {
        return new MonitoringPolicyDefined("support-bot", 0.05, 0.1, 0.5, Map.of(), false, false, null, false, false, rate, checks, capture, keep);
    }

    /** Stores three LLM calls (one leaks an email address, one has no output) and returns what ingestion publishes. */
    private TelemetryStored.StoredDocument stored() {
        List<String> outputs = new ArrayList<>(java.util.Arrays.asList("Write to jane.doe@example.com", "{\"answer\":\"Monday\"}", null));
        List<InferenceRecord> records = new ArrayList<>();
        List<CallText> texts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            texts.add(new CallText.Of("question " + i, outputs.get(i), null));
            records.add(new InferenceRecord("support-bot", 1, "prod", T0.toEpochMilli() + i, Map.of(), null, null, 80.0, 10, 5, 0.001,
                                            List.of(), false, "trace-" + i, "gpt-4o-mini", "stop", null, null, texts.get(i)));
        }
        TelemetryStore.Stored stored = store.ingest("b-1", records, 0).stored().getFirst();
        return new TelemetryStored.StoredDocument(stored.documentId(), "support-bot", 1, texts,
                                                  List.of(stored.documentId() + ":0", stored.documentId() + ":1", stored.documentId() + ":2"));
    }

    private List<RecordView> records() {
        return store.recent("support-bot", "prod", T0, T0.plusSeconds(60), 10, true);
    }

    @Test
    void withoutContentCaptureOnlyTheScoresOfTheOutputsAreKept() {
        when(policies.policy("support-bot")).thenReturn(Optional.of(policy(1.0, List.of(), false, null)));
        scoring.score(stored());

        List<RecordView> records = records();
        assertThat(records).extracting(RecordView::traceId).containsExactly("trace-2", "trace-1", "trace-0");
        assertThat(records.get(2).scores()).containsEntry("pii", 1.0).containsEntry("toxicity", 0.0);
        assertThat(records.get(1).scores()).containsEntry("pii", 0.0);
        assertThat(records.get(0).scores()).as("no output, nothing to score").isNull();
        assertThat(records).allSatisfy(r -> {
            assertThat(r.input()).isNull();
            assertThat(r.output()).isNull();
        });
    }

    @Test
    void thePolicysChecksRunAndCapturedTextExpiresWithItsRetentionWhileScoresStay() {
        when(policies.policy("support-bot")).thenReturn(Optional.of(policy(1.0, List.of(
                new MonitoringPolicyDefined.OnlineCheck("answer_schema", "json_schema", Map.of("schema", Map.of("type", "object",
                        "required", List.of("answer")))),
                new MonitoringPolicyDefined.OnlineCheck("no_email", "regex", Map.of("pattern", "@example\\.com"))), true, 3600L)));
        scoring.score(stored());

        RecordView leak = records().get(2);
        assertThat(leak.scores()).containsOnlyKeys("answer_schema", "no_email").containsEntry("answer_schema", 0.0).containsEntry("no_email", 1.0);
        assertThat(records().get(1).scores()).containsEntry("answer_schema", 1.0);
        assertThat(leak.input()).isEqualTo("question 0");
        assertThat(leak.output()).isEqualTo("Write to jane.doe@example.com");
        assertThat(store.recent("support-bot", "prod", T0, T0.plusSeconds(60), 10, false)).as("for a caller who may not read it")
                                                                                        .allSatisfy(r -> assertThat(r.output()).isNull());

        clock.advance(Duration.ofHours(2));
        store.sweep();
        assertThat(records().get(2).output()).as("past the policy's content retention").isNull();
        assertThat(records().get(2).scores()).containsEntry("no_email", 1.0);
    }

    @Test
    void theSampleRateChoosesAStableShareOfTheOutputs() {
        long chosen = IntStream.range(0, 10_000).filter(i -> OnlineScoring.sampled("batch:0:" + i, 0.25)).count();
        assertThat(chosen).isBetween(2_350L, 2_650L);
        assertThat(OnlineScoring.sampled("batch:0:17", 0.25)).isEqualTo(OnlineScoring.sampled("batch:0:17", 0.25));
        assertThat(IntStream.range(0, 100).noneMatch(i -> OnlineScoring.sampled("k" + i, 0))).isTrue();
    }
}
