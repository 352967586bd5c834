package io.modelledger.standalone;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Telemetry ingestion in records per second, batches of 1,000 records (8 features each) from 4 client
 * threads, on the standalone platform with the durable H2-backed embedded server (every acknowledged
 * write synced): straight to monitor-service with an internal token, and through the gateway with an API
 * key. Every batch has a new id, so all records are stored.
 *
 * <pre>./mvnw -q -DskipTests install && ./mvnw -q -pl deploy/standalone -Pbench exec:exec@bench -Dbench.args=TelemetryIngestionBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Threads(4)
public class TelemetryIngestionBenchmark {

    static final int BATCH = 1000;
    static final int TEMPLATES = 16;

    private IngestionBench bench;
    private Platform platform;
    private HttpClient http;
    private String[] records;
    private String direct;
    private String gateway;
    private String internalToken;
    private String apiKey;

    @Setup(Level.Trial)
    public void start() throws IOException {
        bench = IngestionBench.start("sklearn", "service:bench-server");
        platform = bench.platform();
        apiKey = bench.apiKey();
        internalToken = bench.internalToken();
        direct = platform.serviceUrl(Platform.Service.MONITOR) + "/api/monitor/telemetry";
        gateway = platform.gatewayUrl() + "/api/monitor/telemetry";
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        SplittableRandom random = new SplittableRandom(1);
        records = new String[TEMPLATES];
        for (int t = 0; t < TEMPLATES; t++) {
            StringBuilder json = new StringBuilder("\"records\":[");
            String now = Instant.now().toString();
            for (int i = 0; i < BATCH; i++) {
                json.append(i == 0 ? "" : ",").append("{\"model\":\"bench\",\"version\":1,\"environment\":\"production\",\"timestamp\":\"")
                    .append(now).append("\",\"latencyMs\":").append(10 + random.nextInt(90)).append(",\"prediction\":")
                    .append(random.nextDouble()).append(",\"features\":{");
                for (int f = 0; f < 8; f++) {
                    json.append(f == 0 ? "" : ",").append("\"f").append(f).append("\":").append(random.nextDouble() * 100);
                }
                json.append("},\"traceId\":\"").append(UUID.randomUUID()).append("\"}");
            }
            records[t] = json.append("]}").toString();
        }
        await(platform.gatewayUrl());
    }


    private void await(String base) {
        // the registry's version must have reached monitor-service before records are accepted
        for (int i = 0; i < 300; i++) {
            String answer = post(gateway, "Bearer " + apiKey);
            if (answer.contains("\"accepted\":" + BATCH)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new IllegalStateException("monitor-service does not know model bench v1");
    }

    private String post(String url, String authorization) {
        String body = "{\"batchId\":\"" + UUID.randomUUID() + "\"," + records[(int) (Thread.currentThread().threadId() % TEMPLATES)];
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                                                                 .header("Authorization", authorization)
                                                                 .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                                      HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public String direct() {
        return post(direct, "Bearer " + internalToken);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public String throughGateway() {
        return post(gateway, "Bearer " + apiKey);
    }

    @TearDown(Level.Iteration)
    public void refreshToken() {
        internalToken = bench.internalToken();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        bench.stop();
    }
}
