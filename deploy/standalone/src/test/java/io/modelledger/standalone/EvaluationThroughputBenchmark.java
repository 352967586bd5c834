package io.modelledger.standalone;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelledger.platform.test.OpenAiCompatibleStub;
import io.modelledger.platform.test.TestMongo;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One evaluation run of a 2,000-case suite against a local OpenAI-compatible endpoint that answers in
 * 20 ms, scored with embedding similarity (all-MiniLM-L6-v2 on the CPU) and a regex, at concurrency 32,
 * through the gateway on the standalone platform (embedded MongoDB-wire server, memory backend). Each
 * operation is one whole run, from the POST to the status {@code completed}; cases/s = 2000 / seconds.
 * Every run uses a new prompt version, so no answer is scored twice.
 * <ul>
 *   <li>{@code suiteVersion=repeated}: every run scores against the same suite version, whose expected texts the
 *   platform has embedded before;</li>
 *   <li>{@code suiteVersion=first}: every run is the first of a suite version published just before it (new expected
 *   texts), started as soon as the upload is answered: the issue-17 row.</li>
 * </ul>
 * The upload and the prompt version are made before the measured operation. A {@code repeated} run reads the suite
 * version's stored embeddings, as the first run of a version whose embeddings were prepared after its upload does.
 * Twenty warm-up runs (40,000 cases): the JIT's compiler threads took a fifth of the CPU in the middle of them and a
 * tenth during the measured runs (docs/benchmarks.md).
 *
 * <pre>./mvnw -q -DskipTests install && ./mvnw -q -pl deploy/standalone -Pbench exec:exec@bench -Dbench.args=EvaluationThroughputBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 20)
@Measurement(iterations = 8)
public class EvaluationThroughputBenchmark {

    static final int CASES = 2000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Param({"32"})
    public int concurrency;

    @Param({"repeated", "first"})
    public String suiteVersion;

    private Platform platform;
    private OpenAiCompatibleStub llm;
    private Http carol;
    private int promptVersion;
    private int suiteVersions;
    private String runBody;

    @Setup(Level.Trial)
    public void start() {
        String key = "sk-bench";
        llm = new OpenAiCompatibleStub(key, message -> "According to our policy, " + message.toLowerCase() + " is handled.", 20, 0, Set.of(), 0);
        String database = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        platform = Platform.start(new StandaloneOptions(Path.of("target/unused"), TestMongo.uri(database), 0, Http.freePort(),
                                                        Http.freePort(), Http.freePort(), Http.freePort(), database,
                                                        Map.of("modelledger.eval.secrets.openai", key,
                                                               "modelledger.eval.max-concurrency", "128",
                                                               "modelledger.eval.poll", "100ms",
                                                               "modelledger.gateway.limits.requests-per-second", "10000",
                                                               "modelledger.gateway.limits.burst", "10000",
                                                               "modelledger.eval.secret-hosts.openai", "127.0.0.1",
                                                               "modelledger.outbound.allow-internal", "127.0.0.1")));
        Http anonymous = new Http(platform.gatewayUrl());
        Http admin = anonymous.as(platform.bootstrapAdminKey().orElseThrow());
        carol = anonymous.as(admin.issueKey("user:bench", "contributor"));
        carol.post("/api/registry/prompts", "{\"name\":\"bench\"}");
        publishSuite();
    }

    /** A new version of the suite: the same cases, with expected texts no earlier version had. */
    private void publishSuite() {
        suiteVersions++;
        ObjectNode suite = JSON.createObjectNode();
        suite.set("metrics", JSON.createArrayNode()
                                 .add(JSON.createObjectNode().put("metric", "semantic_similarity").put("threshold", 0.3))
                                 .add(JSON.createObjectNode().put("metric", "regex").put("threshold", 0.9)
                                          .set("params", JSON.createObjectNode().put("pattern", "(?i)policy"))));
        ArrayNode cases = suite.putArray("cases");
        for (int i = 0; i < CASES; i++) {
            ObjectNode c = cases.addObject().put("id", "c" + i)
                                .put("expected", "our policy handles request number " + i + " (edition " + suiteVersions + ")");
            c.putObject("variables").put("question", "request number " + i + " about order " + (i * 7919 % 10007));
        }
        Http.Response uploaded = carol.post("/api/eval/suites/bench/versions", suite.toString());
        if (uploaded.status() != 201) {
            throw new IllegalStateException("suite upload: " + uploaded.status() + " " + uploaded.body());
        }
    }

    /** A new prompt version to answer with, and for {@code first}, a new suite version to score against. */
    @Setup(Level.Invocation)
    public void nextRun() {
        if ("first".equals(suiteVersion) && promptVersion > 0) {
            publishSuite();
        }
        promptVersion++;
        carol.post("/api/registry/prompts/bench/versions", "{\"template\":\"Run " + promptVersion
                + ": {{question}}\",\"targetModel\":\"gpt-4o-mini\",\"commitMessage\":\"bench\"}");
        runBody = "{\"suite\":{\"name\":\"bench\",\"version\":" + suiteVersions + "},\"subject\":{\"kind\":\"prompt\",\"name\":\"bench\",\"version\":"
                + promptVersion + "},\"target\":{\"kind\":\"openai\",\"baseUrl\":\"" + llm.baseUrl()
                + "\",\"secret\":\"openai\",\"concurrency\":" + concurrency + "}}";
    }

    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Cases {
        public long cases;
    }

    @Benchmark
    public String run(Cases counter) throws InterruptedException {
        Http.Response started;
        do {
            started = carol.post("/api/eval/runs", runBody);
            if (started.status() == 400) {
                Thread.sleep(20); // the prompt or suite version is still on its way to eval-service
            }
        } while (started.status() == 400);
        String runId = started.body().get("runId").asText();
        while (true) {
            Http.Response run = carol.get("/api/eval/runs/" + runId);
            if (run.status() == 200 && !"running".equals(run.body().get("status").asText())) {
                if (!"completed".equals(run.body().get("status").asText()) || run.body().get("casesFailed").asInt() != 0) {
                    throw new IllegalStateException("run did not complete cleanly: " + run.body());
                }
                counter.cases += CASES;
                return run.body().get("status").asText();
            }
            Thread.sleep(100);
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        platform.close();
        llm.close();
    }
}
