package io.modelledger.standalone;

import io.modelledger.platform.test.TestMongo;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Caller B's latency for a model read through the gateway (sequential calls, paced under B's own limit), alone and
 * while caller A fires
 * waves of 300 concurrent reads (default limits: 50/s, bursts of 100; A's excess answered 429). The ratio of
 * the two is what one caller's burst costs another.
 *
 * <pre>./mvnw -q -DskipTests install && ./mvnw -q -pl deploy/standalone -Pbench exec:exec@bench -Dbench.args=BurstIsolationBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Threads(1)
public class BurstIsolationBenchmark {

    @Param({"false", "true"})
    public boolean burstFromA;

    private Platform platform;
    private HttpClient http;
    private HttpRequest readAsB;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong notOk = new AtomicLong();
    private ExecutorService burster;

    @Setup(Level.Trial)
    public void start() {
        String database = "burst-" + UUID.randomUUID().toString().substring(0, 8);
        platform = Platform.start(new StandaloneOptions(Path.of("target/unused"), TestMongo.uri(database), 0, Http.freePort(),
                                                        Http.freePort(), Http.freePort(), Http.freePort(), database, Map.of()));
        Http admin = new Http(platform.gatewayUrl()).as(platform.bootstrapAdminKey().orElseThrow());
        admin.post("/api/registry/models", "{\"name\":\"bench\"}");
        String a = admin.issueKey("key:burst-a", "viewer");
        String b = admin.issueKey("key:steady-b", "viewer");
        // B and A use separate clients: one JDK HttpClient has one selector thread, which would queue B's
        // answers behind A's and measure the client instead of the platform
        http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        HttpClient burstClient = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        URI model = URI.create(platform.gatewayUrl() + "/api/registry/models/bench");
        readAsB = HttpRequest.newBuilder(model).header("Authorization", "Bearer " + b).timeout(Duration.ofSeconds(30)).build();
        HttpRequest readAsA = HttpRequest.newBuilder(model).header("Authorization", "Bearer " + a).timeout(Duration.ofSeconds(30)).build();
        if (burstFromA) {
            burster = Executors.newSingleThreadExecutor();
            burster.submit(() -> {
                while (running.get()) {
                    List<CompletableFuture<HttpResponse<Void>>> wave = new ArrayList<>();
                    for (int i = 0; i < 300; i++) {
                        wave.add(burstClient.sendAsync(readAsA, HttpResponse.BodyHandlers.discarding()));
                    }
                    wave.forEach(CompletableFuture::join);
                }
            });
        }
    }

    /**
     * B keeps under its own limit (50 requests/s): 25 ms between calls, outside the measured time. Unpaced, B's
     * sequential reads became faster than 20 ms and a fifth of them were answered 429 by B's own limit.
     */
    @Setup(Level.Invocation)
    public void pace() throws InterruptedException {
        Thread.sleep(25);
    }

    @Benchmark
    public int readAsB() throws Exception {
        int status = http.send(readAsB, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 200) {
            notOk.incrementAndGet();
        }
        return status;
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        running.set(false);
        if (burster != null) {
            burster.shutdown();
            burster.awaitTermination(30, TimeUnit.SECONDS);
        }
        System.out.printf("%nburstFromA=%s: %d of B's calls were not 200%n", burstFromA, notOk.get());
        platform.close();
    }
}
