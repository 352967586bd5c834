package io.modelledger.standalone;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * OTLP/HTTP trace intake in spans per second: protobuf exports of 512 GenAI chat spans (tokens, models, finish
 * reason, input and output messages) from 4 client threads, as the OpenTelemetry batch span processor sends them
 * (its default batch is 512), on the standalone platform with the durable H2-backed embedded server: straight to
 * monitor-service with an internal token, and through the gateway with an {@code ingest} key. Every export differs
 * (an extra resource with a counter is appended to the template's bytes, which protobuf merges), so none is taken
 * for a retry and every span is stored. Online scoring runs at the default sample rate (10%) beside it. The warm-up
 * is 30 s: with 10 s, throughput was still rising through every measured iteration (the JIT of both applications).
 *
 * <pre>./mvnw -q -DskipTests install && ./mvnw -q -pl deploy/standalone -Pbench exec:exec@bench -Dbench.args=OtlpIngestionBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 6, time = 5)
@Measurement(iterations = 5, time = 5)
@Threads(4)
public class OtlpIngestionBenchmark {

    static final int SPANS = 512;
    static final int TEMPLATES = 8;

    private final AtomicLong exports = new AtomicLong();
    private IngestionBench bench;
    private Platform platform;
    private HttpClient http;
    private byte[][] templates;
    private String direct;
    private String gateway;
    private String internalToken;
    private String apiKey;

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static KeyValue attribute(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    @Setup(Level.Trial)
    public void start() throws Exception {
        bench = IngestionBench.start("prompt", "service:bench-app");
        platform = bench.platform();
        apiKey = bench.apiKey();
        internalToken = bench.internalToken();
        direct = platform.serviceUrl(Platform.Service.MONITOR) + "/api/monitor/otlp/v1/traces";
        gateway = platform.gatewayUrl() + "/api/monitor/otlp/v1/traces";
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        SplittableRandom random = new SplittableRandom(1);
        Resource resource = Resource.newBuilder().addAttributes(attribute("service.name", "bench-app"))
                                    .addAttributes(attribute("modelledger.model", "bench")).addAttributes(attribute("modelledger.model.version", "1"))
                                    .addAttributes(attribute("deployment.environment.name", "production")).build();
        templates = new byte[TEMPLATES][];
        long now = Instant.now().toEpochMilli() * 1_000_000;
        for (int t = 0; t < TEMPLATES; t++) {
            ScopeSpans.Builder scope = ScopeSpans.newBuilder();
            for (int i = 0; i < SPANS; i++) {
                byte[] trace = new byte[16];
                byte[] span = new byte[8];
                random.nextBytes(trace);
                random.nextBytes(span);
                long start = now - random.nextLong(1_000_000_000L);
                scope.addSpans(Span.newBuilder().setName("chat gpt-4o-mini").setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                        .setTraceId(ByteString.copyFrom(trace)).setSpanId(ByteString.copyFrom(span)).setStartTimeUnixNano(start)
                        .setEndTimeUnixNano(start + 200_000_000L + random.nextLong(800_000_000L))
                        .addAttributes(attribute("gen_ai.operation.name", "chat")).addAttributes(attribute("gen_ai.provider.name", "openai"))
                        .addAttributes(attribute("gen_ai.request.model", "gpt-4o-mini"))
                        .addAttributes(attribute("gen_ai.response.model", "gpt-4o-mini-2024-07-18"))
                        .addAttributes(attribute("gen_ai.response.finish_reasons", "stop"))
                        .addAttributes(attribute("gen_ai.usage.input_tokens", 50 + random.nextInt(400)))
                        .addAttributes(attribute("gen_ai.usage.output_tokens", 20 + random.nextInt(200)))
                        .addAttributes(attribute("gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":"
                                + "\"Where is my order " + random.nextInt(100_000) + "? It was due last week.\"}]}]"))
                        .addAttributes(attribute("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":"
                                + "\"Your order " + random.nextInt(100_000) + " left our warehouse on Monday and should arrive within two "
                                + "working days. You can follow it with the link in your confirmation email.\"}],\"finish_reason\":\"stop\"}]"))
                        .build());
            }
            templates[t] = ExportTraceServiceRequest.newBuilder()
                                                    .addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope))
                                                    .build().toByteArray();
        }
        awaitKnown();
    }


    private void awaitKnown() throws InterruptedException {
        // the registry's version must have reached monitor-service before spans are accepted
        for (int i = 0; i < 300; i++) {
            if (post(gateway, "Bearer " + apiKey).length <= 2) { // an empty ExportTraceServiceResponse: no span refused
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("monitor-service does not know model bench v1");
    }

    /** The template, then one more ResourceSpans with a counter: a distinct export of the same 512 spans. */
    private byte[] export() {
        byte[] template = templates[(int) (Thread.currentThread().threadId() % TEMPLATES)];
        byte[] unique = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().setResource(
                Resource.newBuilder().addAttributes(attribute("bench.export", exports.incrementAndGet())))).build().toByteArray();
        byte[] body = new byte[template.length + unique.length];
        System.arraycopy(template, 0, body, 0, template.length);
        System.arraycopy(unique, 0, body, template.length, unique.length);
        return body;
    }

    private byte[] post(String url, String authorization) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-protobuf")
                                                                 .header("Authorization", authorization)
                                                                 .POST(HttpRequest.BodyPublishers.ofByteArray(export())).build(),
                                                      HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(response.statusCode() + " " + new String(response.body()));
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
    @OperationsPerInvocation(SPANS)
    public byte[] direct() {
        return post(direct, "Bearer " + internalToken);
    }

    @Benchmark
    @OperationsPerInvocation(SPANS)
    public byte[] throughGateway() {
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
