package io.modelledger.standalone;

import io.modelledger.checks.Guard;
import io.modelledger.checks.GuardEvaluation;
import io.modelledger.checks.MiniLmEmbeddings;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * The runtime guard's latency for 2 KB texts at 16 concurrent callers on the standalone platform (durable embedded store,
 * rate limits lifted), and its precision and recall on the committed labelled sets. Two policies: the lexical checks (PII,
 * secrets, injection patterns, the toxicity lexicon, a keyword deny list) and the same with the MiniLM halves (injection and
 * toxicity neighbours). Each is measured three ways in one run: the guard engine called in this JVM (the work itself),
 * {@code POST /api/guard/check} straight to monitor-service with an internal token (inside the service: its HTTP stack,
 * command bus and counting), and through the gateway with an ingest key. Every text is different (a request number in
 * each sentence), so no embedding comes from the cache. The client is the JDK's HttpClient on the same 2 cores.
 *
 * <pre>./mvnw -q -DskipTests install &amp;&amp; ./mvnw -q -pl deploy/standalone -Pbench exec:exec@bench \
 *     -Dbench.main=io.modelledger.standalone.GuardBenchmark -Dbench.args=15</pre>
 * The first argument is the seconds of each measured run (default 15), each after a warm-up of the same length; a second,
 * {@code lexical} or {@code semantic}, measures only that policy ({@code -Dbench.args="15 lexical"}).
 */
public final class GuardBenchmark {

    private static final int CONCURRENCY = 16;
    private static final int TEXT_CHARS = 2_048;

    private static final Map<String, String> POLICIES = Map.of(
            "lexical", """
                    {"input": [{"check": "pii", "action": "redact"}, {"check": "secrets", "action": "redact"},
                               {"check": "injection", "action": "block", "params": {"similarity": false}},
                               {"check": "toxicity", "action": "block", "params": {"similarity": false}},
                               {"check": "deny_list", "action": "redact", "params": {"keywords": ["project falcon", "acme merger"]}}]}""",
            "semantic", """
                    {"input": [{"check": "pii", "action": "redact"}, {"check": "secrets", "action": "redact"},
                               {"check": "injection", "action": "block"}, {"check": "toxicity", "action": "block"}]}""");

    private static final List<Guard.Rule> LEXICAL = List.of(new Guard.Rule("pii", "redact", null, null),
            new Guard.Rule("secrets", "redact", null, null), new Guard.Rule("injection", "block", null, Map.of("similarity", false)),
            new Guard.Rule("toxicity", "block", null, Map.of("similarity", false)),
            new Guard.Rule("deny_list", "redact", null, Map.of("keywords", List.of("project falcon", "acme merger"))));
    private static final List<Guard.Rule> SEMANTIC = List.of(new Guard.Rule("pii", "redact", null, null),
            new Guard.Rule("secrets", "redact", null, null), new Guard.Rule("injection", "block", null, null),
            new Guard.Rule("toxicity", "block", null, null));

    private final int seconds;
    private final List<String> policies;
    private final List<String> sentences;
    private final AtomicLong counter = new AtomicLong();

    private GuardBenchmark(int seconds, List<String> policies) {
        this.seconds = seconds;
        this.policies = policies;
        List<String> pool = new ArrayList<>();
        for (String set : List.of("injection-eval.jsonl", "toxicity-eval.jsonl", "pii-eval.jsonl")) {
            GuardEvaluation.read(set).forEach(item -> pool.add(item.text().replace('\n', ' ')));
        }
        this.sentences = pool;
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].trim()) : 15;
        List<String> policies = args.length > 1 ? List.of(args[1].split(",")) : List.of("lexical", "semantic");
        new GuardBenchmark(seconds, policies).run();
        System.exit(0); // Axon's non-daemon threads would keep the JVM alive
    }

    /** About 2 KB of the labelled sets' texts, each sentence stamped with this text's number: no two texts share a chunk. */
    private String text(long n) {
        StringBuilder text = new StringBuilder(TEXT_CHARS + 200);
        int k = 0;
        while (text.length() < TEXT_CHARS) {
            String sentence = sentences.get((int) ((n * 7919 + k * 104729L) % sentences.size()));
            text.append("Ref ").append(n).append('-').append(k++).append(": ").append(sentence).append(' ');
        }
        return text.substring(0, TEXT_CHARS);
    }

    private static String json(String text) {
        return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(text).toString();
    }

    private void run() throws Exception {
        Path data = Files.createTempDirectory("guard-bench");
        Platform platform = Platform.start(new StandaloneOptions(data, null, Http.freePort(), Http.freePort(), Http.freePort(), Http.freePort(),
                                                                 Http.freePort(), "modelledger", Map.of(
                "modelledger.gateway.limits.requests-per-second", "1000000",
                "modelledger.gateway.limits.burst", "1000000",
                "modelledger.gateway.token-ttl", "PT10M")));
        List<String> table = new ArrayList<>();
        try {
            Http admin = new Http(platform.gatewayUrl()).as(platform.bootstrapAdminKey().orElseThrow());
            check(admin.post("/api/registry/models", "{\"name\":\"bench-bot\"}"), 201);
            for (String environment : policies) {
                check(admin.send("PUT", "/api/registry/models/bench-bot/guard-policies/" + environment, POLICIES.get(environment)), 200);
            }
            String key = admin.issueKey("service:bench-app", "ingest");
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String direct = platform.serviceUrl(Platform.Service.MONITOR) + "/api/guard/check";
            String gateway = platform.gatewayUrl() + "/api/guard/check";
            Guard engine = new Guard(new MiniLmEmbeddings());
            for (String environment : policies) { // the service loads the embedding model before a policy that needs it answers
                awaitPolicy(client, gateway, key, body(environment));
            }
            for (String environment : policies) {
                List<Guard.Rule> rules = environment.equals("lexical") ? LEXICAL : SEMANTIC;
                String body = body(environment);
                Result inProcess = measure(n -> {
                    engine.check(rules, text(n), null);
                    return 200;
                });
                String token = platform.internalToken("service:bench-app", "ingest");
                Result service = measure(n -> post(client, direct, token, body + json(text(n)) + "}"));
                Result viaGateway = measure(n -> post(client, gateway, key, body + json(text(n)) + "}"));
                table.add(String.format(Locale.ROOT, "%-8s engine in-process   %s", environment, inProcess));
                table.add(String.format(Locale.ROOT, "%-8s straight to monitor %s", environment, service));
                table.add(String.format(Locale.ROOT, "%-8s through the gateway %s  (p99 %.2f× straight to monitor)", environment, viaGateway,
                                        viaGateway.p99Ms() / service.p99Ms()));
            }
            System.out.println();
            System.out.printf(Locale.ROOT, "Guard latency, %d-character texts, c=%d, %d s after a %d s warm-up, %d cores:%n", TEXT_CHARS, CONCURRENCY,
                              seconds, seconds, Runtime.getRuntime().availableProcessors());
            table.forEach(System.out::println);
            System.out.println();
            System.out.println("Guard quality on the committed labelled sets (checks/src/test/resources/guard):");
            GuardEvaluation.report(engine).forEach(System.out::println);
        } finally {
            platform.close();
        }
    }

    private static String body(String environment) {
        return "{\"model\":\"bench-bot\",\"environment\":\"" + environment + "\",\"stage\":\"input\",\"text\":";
    }

    private static void check(Http.Response response, int status) {
        if (response.status() != status) {
            throw new IllegalStateException(response.status() + " " + response.body());
        }
    }

    /** The guard learns its policies from events: wait until it answers for this one. */
    private void awaitPolicy(HttpClient client, String gateway, String key, String body) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (post(client, gateway, key, body + "\"hello\"}") == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("The guard never learnt the policy");
    }

    private static int post(HttpClient client, String url, String credential, String json) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + credential)
                                             .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    record Result(double perSecond, double p50Ms, double p99Ms, long requests, long failed) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,8.0f req/s, p50 %6.2f ms, p99 %6.2f ms, %,d requests, %d failed", perSecond, p50Ms, p99Ms,
                                 requests, failed);
        }
    }

    /** {@value #CONCURRENCY} callers, each sending the next text as soon as it has its answer: a warm-up, then the measured run. */
    private Result measure(LongFunction<Integer> call) throws InterruptedException {
        run(call, seconds, null);
        long[][] latencies = new long[CONCURRENCY][];
        AtomicLong failed = new AtomicLong();
        long started = System.nanoTime();
        int[] counts = run(call, seconds, new Object[] {latencies, failed});
        double elapsed = (System.nanoTime() - started) / 1e9;
        long total = Arrays.stream(counts).sum();
        long[] all = new long[(int) total];
        int at = 0;
        for (int t = 0; t < CONCURRENCY; t++) {
            System.arraycopy(latencies[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        return new Result(total / elapsed, all[(int) (total * 0.50)] / 1e6, all[Math.min(all.length - 1, (int) (total * 0.99))] / 1e6, total,
                          failed.get());
    }

    private int[] run(LongFunction<Integer> call, int runSeconds, Object[] record) throws InterruptedException {
        long end = System.nanoTime() + runSeconds * 1_000_000_000L;
        int[] counts = new int[CONCURRENCY];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < CONCURRENCY; t++) {
            int thread = t;
            threads.add(Thread.ofPlatform().start(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    int status = call.apply(counter.incrementAndGet());
                    long took = System.nanoTime() - start;
                    if (record != null) {
                        if (status != 200) {
                            ((AtomicLong) record[1]).incrementAndGet();
                        }
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = took;
                    }
                }
                counts[thread] = n;
                if (record != null) {
                    ((long[][]) record[0])[thread] = mine;
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return counts;
    }
}
