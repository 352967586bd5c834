package io.modelledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.modelledger.cli.ModelLedger;
import io.modelledger.platform.test.OpenAiCompatibleStub;
import io.modelledger.platform.test.TestMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code modelledger} command line against the whole platform, as a CI pipeline and an auditor use it: register,
 * push a suite, run and gate (exit 1 on a failing version, 0 on a passing one, JUnit XML that parses), compare,
 * promote with two keys, export and verify (a tampered bundle names its entry), send telemetry, manage keys, log in,
 * and import a promptfoo config whose run agrees with promptfoo's outcome per test. Every command's {@code --json}
 * output is parsed. The CLI runs in this JVM ({@link ModelLedger#run}) with its own environment and streams.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LLM_KEY = "sk-test-" + UUID.randomUUID();
    /** What the stub model answers, by the country in the question. */
    static final Map<String, String> CAPITALS = Map.ofEntries(
            Map.entry("France", "Paris is the capital of France."), Map.entry("Germany", "The capital of Germany is Berlin."),
            Map.entry("Japan", "{\"city\": \"Tokyo\", \"country\": \"Japan\"}"), Map.entry("Spain", "Sorry, I am not sure."),
            Map.entry("Italy", "Rome"), Map.entry("Canada", "Ottawa is the capital. Population: about 1 million."),
            Map.entry("Peru", "Here is the answer: {\"city\": \"Lima\"}"), Map.entry("Egypt", "Cairo"),
            Map.entry("Brazil", "Brasília is the capital of Brazil."), Map.entry("Australia", "Sydney"),
            Map.entry("Kenya", "Nairobi."), Map.entry("Ghana", "Accra."));

    private static Platform platform;
    private static OpenAiCompatibleStub llm;
    private static Path dir;
    private static Http admin;
    private static String carol;
    /** The pipeline's key: it pushes suites and runs them, so its verdicts are independent of carol, who registers and requests. */
    private static String ci;
    private static String dave;
    private static String auditor;
    private static String adminKey;
    private static String passingRun;
    private static String failingRun;
    private static String suiteSha256;

    @BeforeAll
    static void start() throws Exception {
        llm = new OpenAiCompatibleStub(LLM_KEY, CliIT::answer, 0, 0, Set.of(), 0);
        String database = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        platform = Platform.start(new StandaloneOptions(Path.of("target/unused"), TestMongo.uri(database), 0,
                                                        Http.freePort(), Http.freePort(), Http.freePort(), Http.freePort(),
                                                        database, Map.of("modelledger.eval.secrets.openai", LLM_KEY,
                                                                         "modelledger.eval.poll", "200ms",
                                                                         "modelledger.eval.targets.stub-llm.kind", "openai",
                                                                         "modelledger.eval.targets.stub-llm.base-url", llm.baseUrl(),
                                                                         "modelledger.eval.targets.stub-llm.secret", "openai",
                                                                         // the stub listens on loopback: allowed here, as the standalone sample does
                                                                         "modelledger.eval.secret-hosts.openai", "127.0.0.1"))
                .with(Map.of("modelledger.outbound.allow-internal", "127.0.0.1")));
        Http anonymous = new Http(platform.gatewayUrl());
        adminKey = platform.bootstrapAdminKey().orElseThrow();
        admin = anonymous.as(adminKey);
        carol = admin.issueKey("user:carol", "contributor");
        ci = admin.issueKey("ci:pipeline", "contributor");
        dave = admin.issueKey("user:dave", "approver");
        auditor = admin.issueKey("user:alice", "auditor");
        dir = Files.createTempDirectory("modelledger-cli-it");
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
        if (llm != null) {
            llm.close();
        }
    }

    private static String answer(String message) {
        return CAPITALS.entrySet().stream().filter(e -> message.contains(e.getKey())).map(Map.Entry::getValue).findFirst()
                       .orElse("I do not know.");
    }

    record Result(int exit, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("not JSON (" + e.getMessage() + "):\n" + out + "\nstderr:\n" + err);
            }
        }
    }

    private static Map<String, String> environment(String key) {
        Map<String, String> env = new HashMap<>();
        env.put("MODELLEDGER_URL", platform.gatewayUrl());
        env.put("MODELLEDGER_CONFIG_DIR", dir.resolve("config").toString());
        if (key != null) {
            env.put("MODELLEDGER_API_KEY", key);
        }
        return env;
    }

    private static Result cli(String key, Object... args) {
        return cli(environment(key), new ByteArrayOutputStream(), args);
    }

    private static Result cli(Map<String, String> env, ByteArrayOutputStream err, Object... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] strings = java.util.Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
        int exit = ModelLedger.run(strings, env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The command with --json: it must succeed and print one JSON document. */
    private static JsonNode json(String key, Object... args) {
        Object[] withJson = java.util.Arrays.copyOf(args, args.length + 1);
        withJson[args.length] = "--json";
        Result result = cli(key, withJson);
        assertThat(result.exit()).as(String.join(" ", java.util.Arrays.stream(args).map(String::valueOf).toList()) + "\n" + result.out()
                                                     + result.err()).isZero();
        return result.json();
    }

    private static Document xml(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    @Test
    @Order(1)
    void aFailingVersionFailsThePipelineAndAPassingOneDoesNot() throws Exception {
        JsonNode model = json(carol, "models", "register", "churn", "--description", "churn model", "--task-type", "classification",
                              "--risk-tier", "high", "--tag", "team=retention");
        assertThat(model.path("name").asText()).isEqualTo("churn");
        for (int v = 1; v <= 2; v++) {
            Path artifact = Files.writeString(dir.resolve("churn-v" + v + ".onnx"), "weights of version " + v);
            JsonNode version = json(carol, "versions", "register", "churn", "--artifact", artifact, "--framework", "onnx");
            assertThat(version.path("version").asInt()).isEqualTo(v);
            assertThat(version.path("sha256").asText()).as("computed from the file").isEqualTo(sha256(Files.readAllBytes(artifact)));
        }

        StringBuilder cases = new StringBuilder();
        StringBuilder wrong = new StringBuilder();
        StringBuilder right = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            String label = i % 3 == 0 ? "churn" : "stay";
            cases.append("  - {id: c").append(i).append(", input: \"customer ").append(i).append("\", expected: ").append(label).append("}\n");
            right.append("{\"caseId\":\"c").append(i).append("\",\"output\":\"").append(label).append("\"}\n");
            wrong.append("{\"caseId\":\"c").append(i).append("\",\"output\":\"").append(i <= 4 ? "churn".equals(label) ? "stay" : "churn" : label)
                 .append("\"}\n");
        }
        Path suite = Files.writeString(dir.resolve("suite.yaml"), """
                description: does the churn model name the label
                metrics:
                  - {metric: equals, threshold: 0.8}
                cases:
                """ + cases);
        JsonNode pushed = json(ci, "eval", "suite", "push", "churn-smoke", suite);
        assertThat(pushed.path("created").asBoolean()).isTrue();
        suiteSha256 = pushed.path("sha256").asText();
        assertThat(json(ci, "eval", "suite", "push", "churn-smoke", suite).path("created").asBoolean())
                .as("the same content again is the same version").isFalse();
        Path jsonl = Files.writeString(dir.resolve("cases.jsonl"), "{\"id\":\"a\",\"input\":\"x\",\"expected\":\"stay\"}\n");
        assertThat(json(ci, "eval", "suite", "push", "churn-jsonl", jsonl, "--metric", "equals>=0.5").path("caseCount").asInt()).isEqualTo(1);

        Path failingJunit = dir.resolve("reports/failing.xml");
        Result failing = cli(ci, "eval", "run", "--suite", "churn-smoke", "--subject", "model:churn:1",
                             "--predictions", Files.writeString(dir.resolve("v1.jsonl"), wrong), "--fail-on-verdict", "--junit", failingJunit);
        assertThat(failing.exit()).as(failing.out() + failing.err()).isEqualTo(ModelLedger.GATE_FAILED);
        assertThat(failing.out()).contains("Verdict: FAILED");
        assertThat(failing.err()).contains("Gate failed");
        Document report = xml(failingJunit);
        Element root = report.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(root.getAttribute("tests")).isEqualTo("11");
        assertThat(root.getAttribute("failures")).as("4 wrong cases and the verdict").isEqualTo("5");
        NodeList testcases = report.getElementsByTagName("testcase");
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < testcases.getLength(); i++) {
            Element testcase = (Element) testcases.item(i);
            if (testcase.getElementsByTagName("failure").getLength() > 0) {
                failed.add(testcase.getAttribute("name"));
            }
        }
        assertThat(failed).containsExactlyInAnyOrder("c1", "c2", "c3", "c4", "equals >= 0.8");

        Path passingJunit = dir.resolve("reports/passing.xml");
        Result passing = cli(ci, "eval", "run", "--suite", "churn-smoke", "--subject", "model:churn:2",
                             "--predictions", Files.writeString(dir.resolve("v2.jsonl"), right), "--fail-on-verdict", "--junit", passingJunit,
                             "--json");
        assertThat(passing.exit()).as(passing.err()).isZero();
        assertThat(passing.json().path("run").path("passed").asBoolean()).isTrue();
        assertThat(xml(passingJunit).getDocumentElement().getAttribute("failures")).isEqualTo("0");
        assertThat(passing.err()).as("progress goes to stderr, so stdout stays JSON").contains("cases");
        passingRun = passing.json().path("run").path("runId").asText();
        Result failingVersion = cli(ci, "eval", "run", "--suite", "churn-smoke", "--subject", "model:churn:1", "--predictions",
                             dir.resolve("v1.jsonl"), "--wait", "--json");
        // without --fail-on-verdict a failing verdict is no failure of the command (once, in CI, this run printed no run id)
        assertThat(failingVersion.exit()).as(failingVersion.err() + failingVersion.out()).isZero();
        failingRun = failingVersion.json().path("run").path("runId").asText();
        assertThat(failingRun).as(failingVersion.out()).isNotBlank();

        JsonNode comparison = json(ci, "eval", "compare", failingRun, passingRun);
        assertThat(comparison.path("metrics").path("equals").path("baseline").asDouble()).isEqualTo(0.6);
        assertThat(comparison.path("metrics").path("equals").path("candidate").asDouble()).isEqualTo(1.0);
        assertThat(cli(ci, "eval", "compare", failingRun, passingRun).out()).contains("METRIC", "equals", "Outcome:");
    }

    @Test
    @Order(2)
    void aPromotionIsRequestedByOneKeyAndApprovedByAnother() throws Exception {
        for (String alias : List.of("production", "staging")) {
            Http.Response policy = admin.send("PUT", "/api/registry/models/churn/policies/" + alias,
                                              "{\"requirements\":[{\"suite\":\"churn-smoke\",\"suiteSha256\":\"" + suiteSha256
                                                      + "\",\"allowPredictions\":true}],\"requiredApprovals\":1}");
            assertThat(policy.status()).as(String.valueOf(policy.body())).isEqualTo(200);
        }
        Result gated = cli(carol, "promote", "request", "churn", "--version", 1, "--alias", "production", "--json");
        assertThat(gated.exit()).as("version 1 failed its suite: rejected by the gate\n" + gated.out() + gated.err())
                                .isEqualTo(ModelLedger.GATE_FAILED);
        assertThat(gated.json().path("status").asText()).isEqualTo("rejected");

        JsonNode requested = json(carol, "promote", "request", "churn", "--version", 2, "--alias", "production");
        assertThat(requested.path("status").asText()).isEqualTo("pending");
        String reference = requested.path("reference").asText();
        assertThat(reference).startsWith("model:churn:");
        Result own = cli(carol, "promote", "approve", reference);
        assertThat(own.exit()).as("a contributor cannot approve").isEqualTo(ModelLedger.ERROR);
        assertThat(own.err()).contains("403");
        JsonNode approved = json(dave, "promote", "approve", reference);
        assertThat(approved.path("status").asText()).isEqualTo("completed");
        await().atMost(Duration.ofSeconds(10)).until(() -> "completed".equals(cli(carol, "promote", "status", reference, "--json").json()
                                                                                 .path("status").asText()));
        String id = reference.substring(reference.lastIndexOf(':') + 1);
        assertThat(json(carol, "promote", "status", id, "--model", "churn").path("approvers").toString()).contains("user:dave");

        // --wait follows the request until an approver decides: a rejection ends it with exit 1
        ByteArrayOutputStream waitingErr = new ByteArrayOutputStream();
        CompletableFuture<Result> waiting = CompletableFuture.supplyAsync(() -> cli(environment(carol), waitingErr, "promote", "request",
                                                                                  "churn", "--version", 2, "--alias", "staging", "--wait",
                                                                                  "--timeout", "PT60S", "--json"));
        await().atMost(Duration.ofSeconds(20)).until(() -> waitingErr.toString(StandardCharsets.UTF_8).contains("Waiting for approval of "));
        String pending = waitingErr.toString(StandardCharsets.UTF_8).replaceAll("(?s).*Waiting for approval of (model:churn:[0-9a-f-]+).*", "$1");
        JsonNode rejected = json(dave, "promote", "reject", pending, "--reason", "not this week");
        assertThat(rejected.path("status").asText()).isEqualTo("rejected");
        Result decided = waiting.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(decided.exit()).as(decided.out() + decided.err()).isEqualTo(ModelLedger.GATE_FAILED);
        assertThat(decided.json().path("status").asText()).isEqualTo("rejected");
    }

    @Test
    @Order(3)
    void anExportVerifiesOfflineAndATamperedOneNamesItsEntry() throws Exception {
        Path key = dir.resolve("audit-key.pem");
        JsonNode publicKey = json(auditor, "audit", "public-key", "--out", key);
        assertThat(Files.readString(key)).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(publicKey.path("keyId").asText()).isNotEmpty();
        Path bundle = dir.resolve("bundle.json");
        JsonNode exported = json(auditor, "audit", "export", "--subject", "model:churn", "--out", bundle);
        assertThat(exported.path("bytes").asLong()).isPositive();

        JsonNode verified = json(null, "audit", "verify", bundle, "--key", key);
        assertThat(verified.path("valid").asBoolean()).isTrue();
        assertThat(verified.path("entries").asLong()).isGreaterThan(3);

        String original = Files.readString(bundle);
        assertThat(original).contains("churn model");
        Path tampered = Files.writeString(dir.resolve("tampered.json"), original.replace("churn model", "churn m0del"));
        Result broken = cli(null, "audit", "verify", tampered, "--key", key);
        assertThat(broken.exit()).isEqualTo(ModelLedger.GATE_FAILED);
        assertThat(broken.out()).containsPattern("BROKEN at position \\d+ \\(event [0-9a-f-]+\\)");
        assertThat(cli(null, "audit", "verify", tampered, "--key", key, "--json").json().path("brokenEventId").asText()).isNotEmpty();
    }

    @Test
    @Order(4)
    void everyOtherCommandAnswersInJson() throws Exception {
        assertThat(json(carol, "models", "list").path("items").toString()).contains("churn");
        JsonNode shown = json(carol, "models", "show", "churn");
        assertThat(shown.path("model").path("aliases").path("production").asInt()).isEqualTo(2);
        assertThat(shown.path("versions")).hasSize(2);
        assertThat(json(carol, "versions", "list", "churn").path("items")).hasSize(2);
        assertThat(json(carol, "lineage", "churn", 2).path("version").asInt()).isEqualTo(2);

        Path v1 = Files.writeString(dir.resolve("greeting-v1.txt"), "Say hello to {{name}}.");
        Path v2 = Files.writeString(dir.resolve("greeting-v2.txt"), "Say hello to {{name}}, politely.");
        assertThat(json(carol, "prompts", "push", "greeting", "--template", v1, "-m", "first", "--provider", "openai", "--model", "gpt-4o-mini",
                        "--param", "temperature=0").path("version").asInt()).isEqualTo(1);
        assertThat(json(carol, "prompts", "push", "greeting", "--template", v2, "-m", "politer").path("variables").toString()).contains("name");
        assertThat(json(carol, "prompts", "show", "greeting").path("template").asText()).contains("politely");
        assertThat(json(carol, "prompts", "diff", "greeting", 1, 2).path("templateDiff").asText()).contains("+Say hello to {{name}}, politely.");
        assertThat(cli(carol, "prompts", "diff", "greeting", 1, 2).out()).contains("-Say hello to {{name}}.");

        JsonNode started = json(ci, "eval", "run", "--suite", "churn-smoke", "--subject", "model:churn:2", "--predictions",
                                dir.resolve("v2.jsonl"), "--idempotency-key", "ci-job-42");
        assertThat(json(ci, "eval", "run", "--suite", "churn-smoke", "--subject", "model:churn:2", "--predictions",
                        dir.resolve("v2.jsonl"), "--idempotency-key", "ci-job-42").path("runId").asText())
                .as("a retried start is the same run").isEqualTo(started.path("runId").asText());

        JsonNode issued = json(adminKey, "keys", "issue", "--name", "churn-server", "--owner", "service:churn", "--role", "ingest",
                               "--bind", "churn/production");
        String ingest = issued.path("key").asText();
        assertThat(ingest).startsWith("mlk_");
        assertThat(json(adminKey, "keys", "list").path("items").toString()).contains(issued.path("keyId").asText());
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            records.append("{\"model\":\"churn\",\"version\":2,\"environment\":\"production\",\"timestamp\":\"2026-11-30T10:00:")
                   .append(String.format("%02d", i)).append("Z\",\"features\":{\"tenure\":").append(i).append("},\"prediction\":\"stay\",\"latencyMs\":12}\n");
        }
        Path telemetry = Files.writeString(dir.resolve("telemetry.ndjson"), records);
        JsonNode sent = json(ingest, "telemetry", "send", telemetry, "--batch-size", 10);
        assertThat(sent.path("batches").asInt()).isEqualTo(3);
        assertThat(sent.path("accepted").asLong() + sent.path("rejected").asLong()).isEqualTo(25);
        JsonNode again = json(ingest, "telemetry", "send", telemetry, "--batch-size", 10);
        assertThat(again.path("duplicateBatches").asInt()).as("the same file again records nothing twice").isEqualTo(3);
        assertThat(json(adminKey, "keys", "revoke", issued.path("keyId").asText()).path("status").asText()).isEqualTo("revoked");
        JsonNode secret = json(null, "keys", "new-secret");
        assertThat(secret.path("key").asText()).startsWith("mlk_" + secret.path("keyId").asText() + "_");
        assertThat(secret.path("secretSha256").asText()).hasSize(64);

        // login checks the key, then saves it readable by its owner only; later commands need no environment key
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream((carol + "\n").getBytes(StandardCharsets.UTF_8)));
            Map<String, String> env = environment(null);
            env.remove("MODELLEDGER_URL");
            Result login = cli(env, new ByteArrayOutputStream(), "login", "--url", platform.gatewayUrl(), "--api-key-stdin", "--json");
            assertThat(login.exit()).as(login.err()).isZero();
            Path config = Path.of(login.json().path("config").asText());
            assertThat(Files.getPosixFilePermissions(config)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            Result after = cli(env, new ByteArrayOutputStream(), "models", "show", "churn", "--json");
            assertThat(after.exit()).as(after.err()).isZero();
            System.setIn(new ByteArrayInputStream("mlk_0000000000000000_wrong\n".getBytes(StandardCharsets.UTF_8)));
            Result refused = cli(env, new ByteArrayOutputStream(), "login", "--url", platform.gatewayUrl(), "--api-key-stdin");
            assertThat(refused.exit()).isEqualTo(ModelLedger.ERROR);
            assertThat(refused.err()).contains("401");
        } finally {
            System.setIn(stdin);
        }

        Result invalid = cli(carol, "models", "register", "Not A Name", "--json");
        assertThat(invalid.exit()).isEqualTo(ModelLedger.ERROR);
        assertThat(invalid.err()).contains("400").contains("name");
        Result unreachable = cli(Map.of("MODELLEDGER_URL", "http://127.0.0.1:" + Http.freePort()), new ByteArrayOutputStream(),
                                 "models", "list");
        assertThat(unreachable.exit()).isEqualTo(ModelLedger.ERROR);
        assertThat(cli(carol, "models", "frobnicate").exit()).isEqualTo(ModelLedger.ERROR);
        assertThat(cli(carol, "generate-completion").out()).contains("complete -F");
    }

    @Test
    @Order(5)
    void aPromptfooConfigRunsWithTheOutcomePromptfooExpects() throws Exception {
        Path config = Path.of("src/test/resources/promptfoo/promptfooconfig.yaml");
        Result imported = cli(carol, "eval", "import-promptfoo", config, "--suite", "capitals", "--json");
        assertThat(imported.exit()).as(imported.err()).isZero();
        JsonNode report = imported.json();
        assertThat(report.path("cases").asInt()).as("11 tests, one of them for two countries").isEqualTo(12);
        assertThat(report.path("unsupported")).hasSize(2);
        assertThat(report.path("unsupported").toString()).contains("javascript", "llm-rubric", "9 (Brazil)", "10 (Australia)");
        assertThat(imported.err()).contains("not imported: test 9 (Brazil), assertion assert[1] (javascript)");
        assertThat(report.path("notes").toString()).contains("'similar' thresholds were carried over from a different embedding model");
        assertThat(report.path("mapped").size()).as("assertion types carried over").isGreaterThanOrEqualTo(10);
        assertThat(report.path("prompts").path(0).path("version").asInt()).isEqualTo(1);
        assertThat(cli(carol, "eval", "import-promptfoo", config, "--suite", "capitals", "--json").json().path("prompts").path(0)
                           .path("created").asBoolean()).as("importing again pushes no new prompt version").isFalse();

        JsonNode suite = admin.get("/api/eval/suites/capitals/versions/1").body();
        assertThat(suite.path("metrics")).hasSize(1);
        assertThat(suite.path("metrics").path(0).path("metric").asText()).isEqualTo("assertions");
        assertThat(suite.path("metrics").path(0).path("threshold").asDouble()).isEqualTo(1.0);

        Path junit = dir.resolve("reports/capitals.xml");
        Result run = cli(ci, "eval", "run", "--suite", "capitals", "--subject", "prompt:capitals:1", "--target", "stub-llm",
                         "--fail-on-verdict", "--junit", junit, "--json");
        assertThat(run.exit()).as("Germany and Spain fail, as promptfoo would say\n" + run.err()).isEqualTo(ModelLedger.GATE_FAILED);
        String runId = run.json().path("run").path("runId").asText();
        Map<String, Boolean> passed = new LinkedHashMap<>();
        admin.get("/api/eval/runs/" + runId + "/results?limit=100").body().path("results")
             .forEach(r -> passed.put(r.path("caseId").asText(), r.path("checks").path("assertions").asDouble() == 1.0));
        JsonNode tests = new ObjectMapper(new YAMLFactory()).readTree(config.toFile()).path("tests");
        int compared = 0;
        for (int t = 0; t < tests.size(); t++) {
            String expect = tests.get(t).path("metadata").path("expect").asText("");
            if (expect.isEmpty()) {
                continue;
            }
            String prefix = (t + 1) + "-";
            List<String> ids = passed.keySet().stream().filter(id -> id.startsWith(prefix)).toList();
            assertThat(ids).as("test " + (t + 1)).isNotEmpty();
            for (String id : ids) {
                assertThat(passed.get(id)).as("case " + id + " (expected to " + expect + ")").isEqualTo(expect.equals("pass"));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(10);
        assertThat(passed.get("10-australia")).as("icontains canberra fails on 'Sydney'").isFalse();
        Document xml = xml(junit);
        assertThat(xml.getDocumentElement().getAttribute("tests")).isEqualTo("13");
        long failedCases = passed.values().stream().filter(p -> !p).count();
        assertThat(Integer.parseInt(xml.getDocumentElement().getAttribute("failures"))).as("each failed case, and the verdict")
                .isEqualTo(failedCases + 1);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
