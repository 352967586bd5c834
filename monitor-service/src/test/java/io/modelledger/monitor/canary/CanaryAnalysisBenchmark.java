package io.modelledger.monitor.canary;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.modelledger.checks.statistics.TwoSampleTests;
import io.modelledger.monitor.telemetry.query.CanaryEvidenceStore;
import io.modelledger.monitor.telemetry.query.InferenceRecord;
import io.modelledger.monitor.telemetry.query.TelemetryStore;
import io.modelledger.platform.test.TestMongo;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One canary analysis over 1,000,000 records per arm, an hour of evidence (60 minutes of 1,000-record batches per
 * version, stored through {@link TelemetryStore} on the embedded MongoDB-wire server): reading the arms' minute counts
 * and judging every metric (error and safety-flag rates, latency and both token counts by Mann–Whitney U), against
 * the baseline of Mann–Whitney U on the raw 1,000,000 + 1,000,000 latencies in memory (what an analysis that read the
 * records would do at the least).
 *
 * <pre>./mvnw -q -DskipTests install && ./mvnw -q -pl monitor-service -Pbench exec:exec@bench -Dbench.args=CanaryAnalysisBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CanaryAnalysisBenchmark {

    static final int PER_ARM = 1_000_000;
    static final int MINUTES = 60;
    private static final Instant START = Instant.parse("2026-11-30T10:00:00Z");

    private MongoClient client;
    private CanaryEvidenceStore counts;
    private double[] primaryLatency;
    private double[] candidateLatency;

    @Setup(Level.Trial)
    public void setUp() {
        client = MongoClients.create(TestMongo.uri("canary-bench"));
        MongoTemplate mongo = new MongoTemplate(client, "canary-bench-" + UUID.randomUUID().toString().substring(0, 8));
        counts = new CanaryEvidenceStore(mongo);
        TelemetryStore store = new TelemetryStore(mongo, Duration.ofDays(7), 200_000,
                                                  Clock.fixed(START.plus(Duration.ofMinutes(MINUTES)), ZoneOffset.UTC), counts);
        SplittableRandom random = new SplittableRandom(42);
        primaryLatency = new double[PER_ARM];
        candidateLatency = new double[PER_ARM];
        int perMinute = PER_ARM / MINUTES + 1;
        for (int version = 1; version <= 2; version++) {
            double[] latencies = version == 1 ? primaryLatency : candidateLatency;
            int stored = 0;
            for (int minute = 0; stored < PER_ARM; minute++) {
                long minuteStart = START.plus(Duration.ofMinutes(minute)).toEpochMilli();
                for (int batch = 0; batch < perMinute && stored < PER_ARM; batch += 1000) {
                    List<InferenceRecord> records = new ArrayList<>(1000);
                    for (int i = 0; i < 1000 && stored < PER_ARM; i++, stored++) {
                        double latency = Math.exp(5.0 + (version == 2 ? 0.02 : 0) + 0.4 * gaussian(random)); // ~150 ms, lognormal
                        latencies[stored] = latency;
                        records.add(new InferenceRecord("fraud", version, "production", minuteStart + random.nextInt(60_000), Map.of(),
                                null, null, latency, 200 + random.nextInt(400), 50 + random.nextInt(300), 0.0, List.of(),
                                random.nextInt(100) == 0, null, null, null, null, null, null));
                    }
                    store.ingest("b" + version + "-" + minute + "-" + batch, records, 0, true);
                }
            }
        }
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        client.close();
    }

    /** The analysis as the job runs it: the arms read from their minute counts, then every metric judged. */
    @Benchmark
    public CanaryAnalyzer.Result analysis() {
        Map<Integer, CanaryEvidenceStore.Arm> arms = counts.arms("fraud", "production", List.of(1, 2), START,
                                                          START.plus(Duration.ofMinutes(MINUTES)));
        CanaryAnalyzer.Result result = CanaryAnalyzer.analyse(arms.get(1), arms.get(2), CanarySettings.defaults());
        if (arms.get(1).records() != PER_ARM || arms.get(2).records() != PER_ARM) {
            throw new IllegalStateException("the arms hold " + arms.get(1).records() + " and " + arms.get(2).records() + " records");
        }
        return result;
    }

    /** The baseline: Mann–Whitney U of the raw latencies alone, already in memory. */
    @Benchmark
    public TwoSampleTests.Test rawLatencyMannWhitney() {
        return TwoSampleTests.mannWhitney(candidateLatency, primaryLatency);
    }
}
