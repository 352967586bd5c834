package io.modelledger.monitor.window.query;

import io.modelledger.contracts.monitor.MonitoringPolicyDefined;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.modelledger.contracts.registry.TrafficSplit;
import io.modelledger.monitor.deployment.api.Deployment;
import io.modelledger.monitor.deployment.query.DeploymentStore;
import io.modelledger.monitor.drift.ReferenceProfile;
import io.modelledger.monitor.drift.ReferenceStore;
import io.modelledger.monitor.feedback.query.FeedbackStore;
import io.modelledger.monitor.policy.query.PolicyStore;
import io.modelledger.monitor.telemetry.query.InferenceRecord;
import io.modelledger.monitor.telemetry.query.TelemetryStore;
import io.modelledger.monitor.window.api.WindowView;
import io.modelledger.platform.test.MutableClock;
import io.modelledger.platform.test.TestMongo;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A window's metrics from the real stores on the Mongo wire server: counts, tokens and cost exact however many
 * documents the window holds (only drift and quantiles use the sample), unpriced records counted apart, a numeric
 * feature sent as text reported without stopping the rest, each serving version measured on its own, and
 * online scores turned into rates.
 */
class WindowMetricsIT {

    private static final MongoClient CLIENT = MongoClients.create(TestMongo.uri("window-metrics"));
    private static final Instant T0 = Instant.parse("2026-03-01T14:00:00Z");

    private final MutableClock clock = new MutableClock(T0.plusSeconds(3600));
    private final MongoTemplate mongo = new MongoTemplate(CLIENT, "window-" + UUID.randomUUID().toString().substring(0, 8));
    private final TelemetryStore telemetry = new TelemetryStore(mongo, Duration.ofDays(7), 200_000, clock, new io.modelledger.monitor.telemetry.query.CanaryEvidenceStore(mongo));
    private final ReferenceStore references = new ReferenceStore(mongo);
    private final WindowMetrics metrics = new WindowMetrics(telemetry, new FeedbackStore(mongo), references, new PolicyStore(mongo),
                                                            new DeploymentStore(mongo), new ReferenceQualityProjection(mongo), new io.modelledger.monitor.guard.query.GuardActivityStore(mongo, clock), clock);

    @AfterAll
    static void close() {
        CLIENT.close();
    }

    private static InferenceRecord record(int version, long at, Object amount, String country, Double cost, boolean error) {
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("amount", amount);
        features.put("country", country);
        return new InferenceRecord("support-bot", version, "prod", at, features, null, null, 100.0 + at % 50, 30, 12, cost, List.of(), error,
                                   null);
    }

    private void reference(int version) {
        List<Object> amounts = new ArrayList<>();
        List<Object> countries = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            amounts.add((double) (i % 100));
            countries.add(i % 2 == 0 ? "DE" : "FR");
        }
        references.save(ReferenceProfile.of("support-bot", version, "dataset", T0, 500, Map.of("amount", amounts, "country", countries)));
    }

    private static Deployment deployment(TrafficSplit... traffic) {
        return new Deployment("support-bot|prod", "support-bot", "prod", Arrays.asList(traffic), T0);
    }

    /**
     * 200 binary predictions of version 1 labelled late, by inference id: group DE is predicted positive half the time and
     * always right; group FR a tenth of the time, against labels that are positive for every other record.
     */
    @Test
    void lateLabelsGiveQualityConceptDriftAgainstTheOfflineAccuracyAndGroupFairness() {
        List<InferenceRecord> records = new ArrayList<>();
        Map<String, Object> truth = new LinkedHashMap<>();
        long correct = 0;
        for (int i = 0; i < 200; i++) {
            boolean de = i % 2 == 0;
            int predicted = de ? (i % 4 == 0 ? 1 : 0) : (i % 20 == 1 ? 1 : 0);
            int label = de ? predicted : (i % 4 == 1 ? 1 : 0);
            correct += predicted == label ? 1 : 0;
            Map<String, Object> features = new LinkedHashMap<>();
            features.put("country", de ? "DE" : "FR");
            records.add(new InferenceRecord("support-bot", 1, "prod", T0.toEpochMilli() + i, features, predicted, null, 10.0, 0, 0, 0.0,
                                            List.of(), false, null, null, null, null, null, null, "inf-" + i));
            truth.put("inf-" + i, label);
        }
        telemetry.ingest("labelled", records, 0);
        MonitoringPolicyDefined policy = new MonitoringPolicyDefined("support-bot", 0.05, 0.1, 0.5, Map.of(), false, false, null, false,
                                                                     false, null, null, false, null, List.of("country"));
        mongo.getCollection("monitor_policies").insertOne(new org.bson.Document("_id", "support-bot")
                .append("policy", mongo.getConverter().convertToMongoType(policy)));
        new ReferenceQualityProjection(mongo).on(new io.modelledger.contracts.eval.EvaluationCompleted("run-1", "churn-suite", "a".repeat(64),
                "model", "support-bot", 1, true, Map.of("accuracy", 0.95), 1, Map.of(), 500, 0, "user:dave", "api", "http",
                "https://serving.example", "serving", null));
        Instant end = T0.plusSeconds(60);

        WindowView unlabelled = metrics.compute(deployment(new TrafficSplit(1, 100)), T0, end);
        assertThat(unlabelled.metrics()).containsEntry("label_coverage", 0.0).doesNotContainKey("accuracy");

        io.modelledger.monitor.telemetry.query.LabelStore labels = new io.modelledger.monitor.telemetry.query.LabelStore(mongo);
        Map<io.modelledger.monitor.telemetry.query.LabelStore.Located, Object> located = new LinkedHashMap<>();
        labels.locate("support-bot", "prod", truth.keySet()).forEach((id, where) -> located.put(where, truth.get(id)));
        assertThat(located).hasSize(200);
        labels.save("support-bot", located, java.util.Date.from(clock.instant().plusSeconds(3600)));
        assertThat(labels.takeChangedMinutes("support-bot", "prod")).containsExactly(T0.toEpochMilli());

        WindowView labelled = metrics.compute(deployment(new TrafficSplit(1, 100)), T0, end);
        assertThat(labelled.metrics()).as("the window mixes versions: concept drift is per version").doesNotContainKey("concept_drift")
                                      .containsEntry("accuracy", correct / 200.0);
        Map<String, Double> m = labelled.versions().get(0).metrics();
        assertThat(m).containsEntry("labelled_records", 200.0).containsEntry("label_coverage", 1.0)
                     .containsEntry("accuracy", correct / 200.0).containsEntry("accuracy_reference", 0.95).containsEntry("concept_drift", 1.0);
        assertThat(m.get("concept_drift_p")).isLessThan(1e-6);
        assertThat(m.get("demographic_parity_difference:country")).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(m.get("disparate_impact_ratio:country")).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(m).containsKey("equalized_odds_difference:country").containsKeys("precision_macro", "recall_macro", "f1_macro");
    }

    @Test
    void probabilitiesOfABinaryOutcomeGiveABrierScoreAndNumbersGiveErrors() {
        List<InferenceRecord> records = new ArrayList<>();
        for (int k = 0; k < 40; k++) { // ten times four pairs: quality needs 30
            int i = k % 4;
            records.add(new InferenceRecord("support-bot", 1, "prod", T0.toEpochMilli() + k, Map.of(), new double[] {0.9, 0.2, 0.6, 0.4}[i],
                                            new int[] {1, 0, 0, 1}[i], 10.0, 0, 0, 0.0, List.of(), false, null));
            records.add(new InferenceRecord("support-bot", 2, "prod", T0.toEpochMilli() + k, Map.of(), new double[] {2.5, 0.0, 2.0, 8.0}[i],
                                            new double[] {3.0, -0.5, 2.0, 7.0}[i], 10.0, 0, 0, 0.0, List.of(), false, null));
        }
        telemetry.ingest("probabilities", records, 0);
        WindowView view = metrics.compute(deployment(new TrafficSplit(1, 50), new TrafficSplit(2, 50)), T0, T0.plusSeconds(60));
        Map<String, Double> probabilities = view.versions().stream().filter(v -> v.version() == 1).findFirst().orElseThrow().metrics();
        assertThat(probabilities.get("brier")).isCloseTo((0.01 + 0.04 + 0.36 + 0.36) / 4, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(probabilities).containsEntry("accuracy", 0.5); // at 0.5: 1, 0, 1, 0 against 1, 0, 0, 1
        Map<String, Double> numbers = view.versions().stream().filter(v -> v.version() == 2).findFirst().orElseThrow().metrics();
        assertThat(numbers.get("mae")).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(numbers.get("rmse")).isCloseTo(Math.sqrt(0.375), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(numbers).doesNotContainKey("accuracy");
    }

    @Test
    void threeHundredDocumentsInOneWindowGiveExactCountsAndCostWhileDriftIsSampled() {
        // the read limit of 2,000 records stands for the default 200,000: the same 300 documents, a thousand times faster
        TelemetryStore telemetry = new TelemetryStore(mongo, Duration.ofDays(7), 2_000, clock, new io.modelledger.monitor.telemetry.query.CanaryEvidenceStore(mongo));
        WindowMetrics metrics = new WindowMetrics(telemetry, new FeedbackStore(mongo), references, new PolicyStore(mongo), new DeploymentStore(mongo),
                                                  new ReferenceQualityProjection(mongo), new io.modelledger.monitor.guard.query.GuardActivityStore(mongo, clock), clock);
        reference(1);
        double cost = 0;
        int records = 0;
        int errors = 0;
        for (int b = 0; b < 300; b++) { // 300 batches, one document each: about 2,700 records, beyond the read limit
            List<InferenceRecord> batch = new ArrayList<>();
            for (int i = 0; i < 7 + b % 5; i++) {
                double c = 0.0001 * (1 + (b * 7 + i) % 13);
                boolean error = (b + i) % 10 == 0;
                batch.add(record(1, T0.toEpochMilli() + b * 100L + i, (double) ((b + i) % 100), i % 2 == 0 ? "DE" : "FR", c, error));
                cost += c;
                records++;
                errors += error ? 1 : 0;
            }
            telemetry.ingest("batch-" + b, batch, 0);
        }
        WindowView view = metrics.compute(deployment(new TrafficSplit(1, 100)), T0, T0.plusSeconds(60));

        assertThat(view.sampled()).isTrue();
        assertThat(view.sampledRecords()).as("the rows of evenly spaced documents, about the read limit").isBetween(1_500L, 2_100L);
        assertThat(view.records()).isEqualTo(records);
        assertThat(view.metrics().get("records")).isEqualTo((double) records);
        assertThat(view.metrics().get("cost_total")).isCloseTo(cost, within(1e-9));
        assertThat(view.metrics().get("tokens_total")).isEqualTo(records * 42.0);
        assertThat(view.metrics().get("error_rate")).isCloseTo((double) errors / records, within(1e-12));
        assertThat(view.metrics().get("throughput")).isCloseTo(records / 60.0, within(1e-9));
        int total = records;
        assertThat(view.drift()).isNotEmpty().extracting(WindowView.FeatureDrift::currentRows)
                                .allSatisfy(rows -> assertThat(rows).isLessThan(total));
        assertThat(view.metrics()).containsKeys("drift:amount", "drift:country", "drift_share");
    }

    @Test
    void aWindowAcrossADocumentsEdgeCountsOnlyTheRecordsInside() {
        List<InferenceRecord> batch = new ArrayList<>();
        for (int s = 0; s < 10; s++) {
            batch.add(record(1, T0.toEpochMilli() + s * 1000L, 1.0, "DE", 0.01, false));
        }
        telemetry.ingest("edge", batch, 0);
        WindowView twoSeconds = metrics.compute(deployment(new TrafficSplit(1, 100)), T0.plusSeconds(4), T0.plusSeconds(6));
        assertThat(twoSeconds.records()).isEqualTo(2);
        assertThat(twoSeconds.metrics().get("cost_total")).isCloseTo(0.02, within(1e-12));
    }

    @Test
    void aNumericFeatureSentAsTextIsReportedAndEveryOtherMetricStays() {
        reference(1);
        List<InferenceRecord> batch = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            batch.add(record(1, T0.toEpochMilli() + i, "amount-" + i, i % 3 == 0 ? "DE" : "US", 0.001, i % 4 == 0));
        }
        telemetry.ingest("strings", batch, 0);
        WindowView view = metrics.compute(deployment(new TrafficSplit(1, 100)), T0, T0.plusSeconds(60));

        assertThat(view.metrics().get("feature_type_errors:amount")).isEqualTo(200.0);
        assertThat(view.metrics()).doesNotContainKey("drift:amount");
        assertThat(view.metrics().get("drifted:country")).as("the other feature still drifts (US was never seen)").isEqualTo(1.0);
        assertThat(view.metrics().get("records")).isEqualTo(200.0);
        assertThat(view.metrics().get("error_rate")).isEqualTo(0.25);
        assertThat(view.metrics().get("cost_total")).isCloseTo(0.2, within(1e-9));
        assertThat(view.metrics()).containsKeys("latency_p95", "drift_share");
    }

    @Test
    void unpricedRecordsAreCountedApartNeverAsFree() {
        telemetry.ingest("prices", List.of(record(1, T0.toEpochMilli(), 1.0, "DE", 0.5, false),
                                           record(1, T0.toEpochMilli() + 1, 1.0, "DE", null, false),
                                           record(1, T0.toEpochMilli() + 2, 1.0, "DE", null, false)), 0);
        WindowView view = metrics.compute(deployment(new TrafficSplit(1, 100)), T0, T0.plusSeconds(60));
        assertThat(view.metrics().get("cost_total")).isEqualTo(0.5);
        assertThat(view.metrics().get("unpriced_records")).isEqualTo(2.0);
    }

    @Test
    void eachServingVersionHasItsOwnNumbersAndItsOnlineScores() {
        List<InferenceRecord> batch = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            batch.add(record(1, T0.toEpochMilli() + i, 1.0, "DE", 0.001, false));
        }
        for (int i = 0; i < 10; i++) {
            batch.add(record(2, T0.toEpochMilli() + i, 1.0, "DE", 0.003, true));
        }
        TelemetryStore.Receipt receipt = telemetry.ingest("canary", batch, 0);
        TelemetryStore.Stored canary = receipt.stored().stream().filter(s -> s.records().get(0).version() == 2).findFirst().orElseThrow();
        List<Double> pii = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pii.add(i < 4 ? Double.valueOf(1) : i < 8 ? Double.valueOf(0) : null); // 8 scored, half of them flagged
        }
        telemetry.saveScores(canary.documentId(), Map.of("pii", pii), Map.of("pii", "pii"));

        WindowView view = metrics.compute(deployment(new TrafficSplit(1, 90), new TrafficSplit(2, 10)), T0, T0.plusSeconds(60));
        assertThat(view.records()).isEqualTo(100);
        assertThat(view.versions()).extracting(WindowView.VersionWindow::version, WindowView.VersionWindow::records)
                                   .containsExactly(Tuple.tuple(1, 90L), Tuple.tuple(2, 10L));
        WindowView.VersionWindow stable = view.versions().get(0);
        WindowView.VersionWindow candidate = view.versions().get(1);
        assertThat(stable.metrics().get("error_rate")).isZero();
        assertThat(candidate.metrics().get("error_rate")).isEqualTo(1.0);
        assertThat(candidate.metrics().get("cost_total")).isCloseTo(0.03, within(1e-12));
        assertThat(candidate.metrics().get("pii_rate")).isEqualTo(0.5);
        assertThat(candidate.metrics().get("scored_records")).isEqualTo(8.0);
        assertThat(stable.metrics()).doesNotContainKey("pii_rate");
        assertThat(view.metrics().get("pii_rate")).isEqualTo(0.5);
        assertThat(view.metrics().get("check:pii")).isEqualTo(0.5);
    }
}
