package io.modelledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelledger.platform.test.TestMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A schema-driven fuzz of the public API, through the gateway, as a hostile but ordinary caller would send
 * it. Every operation of the three OpenAPI documents is walked: each body gets every mutation family of
 * "Bad input cannot corrupt anything" applied to each of its fields (wrong JSON types, fractions and
 * overflows for integers, non-finite numbers, {@code null} list elements, NUL / bidi / lone-surrogate text,
 * far-off instants and durations, user keys with {@code .}, {@code $} and NUL), and to the body as a whole
 * (duplicate keys, trailing content, truncation, deep nesting, wrong top-level types, multipart without a
 * boundary, unsupported and unparseable content types); every path parameter gets broken values; and the
 * gateway gets over-long request lines and headers and invalid escapes on a raw socket. Seeded byte noise
 * on each valid body adds variety that stays reproducible ({@link #SEED}).
 *
 * <p>It asserts: no answer is 5xx; every 4xx is problem+json, and a refused field is named; nothing a
 * family makes invalid is accepted; and afterwards every listing and read of the fixture answers 200, no
 * processor is held at an event, and every service is ready.
 */
class InputFuzzIT {

    /** The seed of the byte-noise family; change it to explore, keep it to reproduce. */
    static final long SEED = 20261130L;
    private static final int NOISE_PER_OPERATION = 4;
    private static final String NOISE = "{}[]\",:0e-.\\nu\u0000 x";
    private static final String SHA = "0123456789abcdef".repeat(4);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static Platform platform;
    private static Http admin;
    private static String adminKey;
    private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Integer> sentPerFamily = new LinkedHashMap<>();
    private final List<String> stalls = new ArrayList<>();

    @BeforeAll
    static void start() {
        String database = "fuzz-" + UUID.randomUUID().toString().substring(0, 8);
        platform = Platform.start(new StandaloneOptions(Path.of("target/unused"), TestMongo.uri(database), 0, Http.freePort(),
                                                        Http.freePort(), Http.freePort(), Http.freePort(), database, Map.of())
                .with(Map.of("modelledger.gateway.limits.requests-per-second", "100000",
                             "modelledger.gateway.limits.burst", "100000")));
        adminKey = platform.bootstrapAdminKey().orElseThrow();
        admin = new Http(platform.gatewayUrl()).as(adminKey);
        seedFixture();
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    /** The world the fuzz addresses: a model with two versions, a dataset, a prompt and a suite, all named "fz…". */
    private static void seedFixture() {
        expect(admin.post("/api/registry/models", "{\"name\":\"fz\",\"taskType\":\"classification\"}"), 201);
        for (int v = 1; v <= 2; v++) {
            expect(admin.post("/api/registry/models/fz/versions", "{\"artifactUri\":\"s3://fz/" + v + "\",\"sha256\":\"" + SHA
                    + "\",\"framework\":\"onnx\",\"tags\":{\"team\":\"risk\"}}"), 201);
        }
        expect(admin.post("/api/registry/datasets", "{\"name\":\"fzd\"}"), 201);
        expect(admin.post("/api/registry/datasets/fzd/versions", "{\"uri\":\"s3://fzd/1\",\"sha256\":\"" + SHA + "\"}"), 201);
        expect(admin.post("/api/registry/prompts", "{\"name\":\"fzp\"}"), 201);
        expect(admin.post("/api/registry/prompts/fzp/versions", "{\"template\":\"Hello {{who}}\",\"variables\":[\"who\"],\"commitMessage\":\"first\"}"), 201);
        expect(admin.post("/api/eval/suites/fzs/versions", "{\"metrics\":[{\"name\":\"exact\",\"metric\":\"equals\",\"threshold\":0.5,"
                + "\"comparator\":\">=\"}],\"cases\":[{\"id\":\"c1\",\"input\":\"x\",\"expected\":\"y\"}]}"), 201);
        expect(admin.send("PUT", "/api/registry/models/fz/aliases/staging", "{\"version\":1}"), 200);
        expect(admin.send("PUT", "/api/registry/models/fz/deployments/staging", "{\"version\":1}"), 200);
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/api/monitor/models/fz/versions/2").status() == 200);
        expect(admin.send("PUT", "/api/monitor/models/fz/policy", "{}"), 200);
        expect(admin.send("PUT", "/api/monitor/models/fz/alert-rules/r-fz", "{\"metric\":\"records\",\"comparator\":\">\","
                + "\"threshold\":1000,\"window\":\"PT1H\",\"severity\":\"info\"}"), 200);
        expect(admin.post("/api/monitor/models/fz/versions/1/reference", "{\"source\":\"dataset\",\"rows\":[{\"amount\":1.5}]}"), 201);
    }

    private static void expect(Http.Response response, int status) {
        assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(status);
    }

    @Test
    void malformedInputIsRefusedCleanlyEverywhereAndLeavesThePlatformHealthy() throws Exception {
        long started = System.nanoTime();
        for (String service : List.of("registry", "eval", "monitor")) {
            JsonNode document = admin.get("/api/" + service + "/openapi").body();
            assertThat(document).as(service + " OpenAPI").isNotNull();
            walk(document);
        }
        gatewayEdges();
        csvReferences();
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        System.out.printf("InputFuzzIT: %d requests in %d s, seed %d: %s%nInputFuzzIT: %d stalled kept-alive connection(s), answered on a new one: %s%n",
                          sentPerFamily.values().stream().mapToInt(Integer::intValue).sum(), seconds, SEED, sentPerFamily,
                          stalls.size(), stalls);
        assertThat(failures).as("fuzz findings (" + failures.size() + ")").isEmpty();
        // before the Connection: close fix, runs stalled 3, 3 and 5 times; since then 0 or 1 (see docs/threat-model.md)
        assertThat(stalls).as("stalled kept-alive connections").hasSizeLessThanOrEqualTo(1);
        afterwardsEverythingStillReads();
    }

    @Test
    void monitorConfiguresOnlyWhatTheRegistryRegistered() {
        Http.Response policy = admin.send("PUT", "/api/monitor/models/ghost/policy", "{}");
        assertThat(policy.status()).as(String.valueOf(policy.body())).isEqualTo(404);
        assertThat(policy.body().get("detail").asText()).contains("ghost", "no registered version");
        Http.Response rule = admin.send("PUT", "/api/monitor/models/ghost/alert-rules/r1", "{\"metric\":\"records\","
                + "\"comparator\":\">\",\"threshold\":1,\"window\":\"PT1H\",\"severity\":\"info\"}");
        assertThat(rule.status()).as(String.valueOf(rule.body())).isEqualTo(404);
        Http.Response reference = admin.post("/api/monitor/models/fz/versions/9/reference", "{\"source\":\"dataset\",\"rows\":[{\"a\":1}]}");
        assertThat(reference.status()).as(String.valueOf(reference.body())).isEqualTo(404);
        assertThat(reference.body().get("detail").asText()).contains("no registered version 9");
        Answer csv = send("POST", "/api/monitor/models/ghost/versions/1/reference", "text/csv", "a\n1\n", "csv");
        assertThat(csv.status()).as(csv.text()).isEqualTo(404);
        Http.Response zeroCooldown = admin.send("PUT", "/api/monitor/models/fz/alert-rules/r0", "{\"metric\":\"records\","
                + "\"comparator\":\">\",\"threshold\":1,\"window\":\"PT1H\",\"severity\":\"info\",\"cooldown\":\"PT0S\"}");
        assertThat(zeroCooldown.status()).isEqualTo(400);
        assertThat(zeroCooldown.body().get("errors").get(0).get("field").asText()).isEqualTo("cooldown");
        // a version registered a moment ago is found: the check waits for the monitor to catch up, it does not race it
        expect(admin.post("/api/registry/models", "{\"name\":\"fresh\"}"), 201);
        expect(admin.post("/api/registry/models/fresh/versions", "{\"artifactUri\":\"s3://fresh/1\",\"sha256\":\"" + SHA
                + "\",\"framework\":\"onnx\"}"), 201);
        expect(admin.send("PUT", "/api/monitor/models/fresh/policy", "{}"), 200);
        assertThat(admin.get("/api/monitor/models/ghost/alert-rules").body()).isEmpty();
    }

    @Test
    void aRefusalBeforeTheBodyIsReadClosesTheConnectionAndTomcatsOwnRefusalsAreProblems() throws IOException {
        URI gateway = URI.create(platform.gatewayUrl());
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(5_000);
            String body = "{\"artifactUri\":\"s3://x/1\"}";
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/registry/models/%C3%28/versions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + adminKey
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            boolean closed = false;
            try {
                out.write(body.getBytes(StandardCharsets.ISO_8859_1)); // the body, after headers the gateway can already refuse
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    received.write(buffer, 0, read);
                }
                closed = true;
            } catch (java.net.SocketTimeoutException stillOpen) {
                // the connection stayed open: asserted below
            } catch (IOException reset) {
                closed = true;
            }
            String answer = received.toString(StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("connection: close").contains("application/problem+json");
            assertThat(closed).as("the gateway closes a connection whose request body it refused unread").isTrue();
        }
        Answer tomcat = rawExchange(URI.create(platform.serviceUrl(Platform.Service.REGISTRY)),
                                    "GET /api/registry/models/a%zz HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(tomcat.status()).isEqualTo(400);
        assertThat(tomcat.contentType()).startsWith("application/problem+json");
        assertThat(tomcat.json().path("type").asText()).isEqualTo("urn:modelledger:problem:malformed-request");
        assertThat(tomcat.text()).doesNotContain("<html", "Tomcat");
    }

    // ------------------------------------------------------------------------------------------ the walk

    private void walk(JsonNode document) {
        JsonNode schemas = document.path("components").path("schemas");
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields(); operations.hasNext(); ) {
                Map.Entry<String, JsonNode> operation = operations.next();
                String method = operation.getKey().toUpperCase();
                String template = path.getKey();
                if (template.startsWith("/internal/")) {
                    continue; // not routed by the gateway
                }
                String concrete = fill(template);
                pathMutations(method, template, operation.getValue());
                if (method.equals("GET") || method.equals("DELETE")) {
                    queryMutations(method, concrete, operation.getValue());
                    continue;
                }
                JsonNode content = operation.getValue().path("requestBody").path("content");
                JsonNode schema = content.path("application/json").path("schema");
                JsonNode resolved = resolve(schema, schemas);
                if (resolved.path("type").asText().equals("object") && resolved.has("properties")) {
                    ObjectNode valid = (ObjectNode) sample(concrete, resolved, schemas, "", 0);
                    bodyMutations(method, concrete, valid, resolved, schemas);
                    wholeBodyMutations(method, concrete, valid.toString());
                    noise(method, concrete, valid.toString());
                } else if (concrete.equals("/api/monitor/telemetry")) {
                    String valid = "{\"batchId\":\"fz-" + UUID.randomUUID() + "\",\"records\":[{\"model\":\"fz\",\"version\":1,"
                            + "\"environment\":\"staging\",\"timestamp\":\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                            + "\",\"features\":{\"amount\":1.5},\"prediction\":1,\"latencyMs\":12}]}";
                    wholeBodyMutations(method, concrete, valid);
                    noise(method, concrete, valid);
                    ndjson(concrete);
                } else if (concrete.equals("/api/audit/verifications")) { // reads its body (a bundle) itself
                    wholeBodyMutations(method, concrete, "{}");
                }
            }
        }
    }

    /** A concrete path for a template: the fixture's names, or ids that exist nowhere for one-off resources. */
    private static String fill(String template) {
        String kind = template.contains("/prompts/") ? "fzp" : template.contains("/datasets/") ? "fzd"
                : template.contains("/suites/") ? "fzs" : template.contains("/admin/processors/") ? "no-such-processor" : "fz";
        return template.replace("{kind}", "models").replace("{name}", kind).replace("{model}", "fz")
                       .replace("{version}", "1").replace("{alias}", "staging").replace("{environment}", "staging")
                       .replace("{ruleId}", "r-fz").replace("{subject}", "model:fz")
                       .replace("{keyId}", "00000000000000ff").replace("{runId}", "00000000-0000-0000-0000-00000000fffe")
                       .replace("{alertId}", "00000000-0000-0000-0000-00000000fffd")
                       .replace("{comparisonId}", "00000000-0000-0000-0000-00000000fffc")
                       .replace("{promotionId}", "00000000-0000-0000-0000-00000000fffb")
                       .replace("{changeId}", "00000000-0000-0000-0000-00000000fffa");
    }

    // ------------------------------------------------------------------------------ mutation families

    /** Each field, one at a time: every value its schema makes invalid, and user keys that must be stored safely. */
    private void bodyMutations(String method, String path, ObjectNode valid, JsonNode schema, JsonNode schemas) {
        for (Field field : fields(valid, schema, schemas, "", 0)) {
            String type = field.schema.path("type").asText("");
            String format = field.schema.path("format").asText("");
            List<String> invalid = new ArrayList<>();
            switch (type) {
                case "string" -> {
                    invalid.addAll(List.of("123", "true", "{}", "[]"));
                    invalid.addAll(List.of("\"a\\u0000b\"", "\"a\\u202eb\"", "\"a\\ud800b\"", "\"\\udc00\""));
                    if (format.equals("date-time")) {
                        invalid.addAll(List.of("\"+999999999-01-01T00:00:00Z\"", "\"-999999999-01-01T00:00:00Z\"",
                                               "\"1900-01-01T00:00:00Z\"", "\"not a time\""));
                    }
                    if (isDuration(field.name)) {
                        invalid.addAll(List.of("\"PT9223372036854775807S\"", "\"PT0S\"", "\"-PT1H\"", "\"P99999999D\"", "\"1h\""));
                    }
                }
                case "integer" -> invalid.addAll(List.of("\"5\"", "1.5", "1e30", "9223372036854775808", "-9223372036854775809",
                                                         "true", "[]", "{}", format.equals("int32") ? "2147483648" : "1e20"));
                case "number" -> invalid.addAll(List.of("\"5\"", "1e309", "-1e309", "true", "[]", "{}"));
                case "boolean" -> invalid.addAll(List.of("\"true\"", "1", "0", "\"yes\"", "[]"));
                case "array" -> {
                    invalid.addAll(List.of("\"x\"", "{}", "[null]", "1"));
                    String items = resolve(field.schema.path("items"), schemas).path("type").asText("");
                    if (items.equals("string")) {
                        invalid.addAll(List.of("[1]", "[\"a\\u0000b\"]"));
                    }
                }
                case "object" -> {
                    invalid.addAll(List.of("\"x\"", "[]", "1", "true"));
                    if (field.schema.has("additionalProperties")) {
                        userKeys(method, path, valid, field, schemas);
                    }
                }
                default -> invalid.addAll(List.of("\"a\\u0000b\""));
            }
            for (String value : invalid) {
                String body = replace(valid, field.path, value);
                String family = type + ":" + (value.length() > 24 ? value.substring(0, 24) : value);
                Answer answer = send(method, path, "application/json", body, "field " + field.name);
                count("field-" + type);
                refused(answer, family, method, path, body, field.name);
            }
        }
    }

    /** User-chosen keys (tags, schemas, parameters): refused naming the field, or stored so that reads keep working. */
    private void userKeys(String method, String path, ObjectNode valid, Field field, JsonNode schemas) {
        JsonNode values = resolve(field.schema.path("additionalProperties"), schemas);
        String value = values.path("type").asText("").equals("string") ? "\"v\"" : values.path("type").asText("").equals("number") ? "0.5" : "\"v\"";
        for (String key : List.of("a.b", "$x", "a\\u0000b", "", "a\\u202eb")) {
            String body = replace(valid, field.path, "{\"" + key + "\":" + value + "}");
            Answer answer = send(method, path, "application/json", body, "key " + field.name);
            count("user-key");
            if (answer.status >= 500) {
                fail(answer, "user-key " + key, method, path, body);
            } else if (answer.status >= 400) {
                clean4xx(answer, "user-key " + key, method, path, body, field.name);
            }
        }
        if (values.path("type").isMissingNode() || values.path("type").asText().isEmpty()) { // free-form values
            for (String inner : List.of("1e309", "\"a\\u0000b\"", "[1e309]", "{\"x\":\"a\\u202eb\"}")) {
                String body = replace(valid, field.path, "{\"k\":" + inner + "}");
                Answer answer = send(method, path, "application/json", body, "free-form " + field.name);
                count("free-form-value");
                refused(answer, "free-form " + inner, method, path, body, field.name);
            }
        }
    }

    /** The body as a whole: none of these is a valid request body for any operation. */
    private void wholeBodyMutations(String method, String path, String valid) {
        List<String[]> families = new ArrayList<>();
        String firstKey = valid.startsWith("{\"") ? valid.substring(1, valid.indexOf('"', 2) + 1) : null;
        if (firstKey != null) {
            families.add(new String[]{"duplicate-key", "application/json", "{" + firstKey + ":null," + valid.substring(1)});
        }
        families.add(new String[]{"trailing-content", "application/json", valid + " {}"});
        families.add(new String[]{"trailing-garbage", "application/json", valid + "x"});
        families.add(new String[]{"truncated", "application/json", valid.substring(0, valid.length() - 1)});
        families.add(new String[]{"deep-nesting", "application/json", "[".repeat(5_000) + "]".repeat(5_000)});
        families.add(new String[]{"deep-object", "application/json", "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000)});
        families.add(new String[]{"top-level-array", "application/json", "[]"});
        families.add(new String[]{"top-level-string", "application/json", "\"x\""});
        families.add(new String[]{"top-level-null", "application/json", "null"});
        families.add(new String[]{"empty", "application/json", ""});
        families.add(new String[]{"not-json", "application/json", "garbage"});
        families.add(new String[]{"bad-utf8", "application/json", "{\"a\":\"\u00ff\u00fe\"}"});
        families.add(new String[]{"multipart-no-boundary", "multipart/form-data", valid});
        families.add(new String[]{"multipart-garbage", "multipart/form-data; boundary=zz", "--zz\r\nContent-Disposition: form-data\r\n\r\nx"});
        families.add(new String[]{"text-plain", "text/plain", valid});
        families.add(new String[]{"bad-content-type", "application/json; charset=nonexistent", valid});
        families.add(new String[]{"unparseable-content-type", "json/;;", valid});
        for (String[] family : families) {
            byte[] bytes = family[0].equals("bad-utf8") ? new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'}
                    : family[2].getBytes(StandardCharsets.UTF_8);
            Answer answer = send(method, path, family[1], bytes, family[0]);
            count("body-" + family[0]);
            refused(answer, family[0], method, path, family[2], null);
        }
    }

    /** Seeded byte noise on a valid body: may be valid by chance, so only "no 5xx, and a 4xx says why" holds. */
    private void noise(String method, String path, String valid) {
        Random random = new Random(SEED ^ (method + path).hashCode());
        byte[] original = valid.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < NOISE_PER_OPERATION; i++) {
            byte[] bytes = original.clone();
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                bytes[random.nextInt(bytes.length)] = (byte) NOISE.charAt(random.nextInt(NOISE.length()));
            }
            Answer answer = send(method, path, "application/json", bytes, "noise");
            count("noise");
            if (answer.status >= 500) {
                fail(answer, "noise", method, path, new String(bytes, StandardCharsets.UTF_8));
            } else if (answer.status >= 400) {
                clean4xx(answer, "noise", method, path, new String(bytes, StandardCharsets.UTF_8), null);
            }
        }
    }

    private void ndjson(String path) {
        String record = "{\"model\":\"fz\",\"version\":1,\"environment\":\"staging\",\"timestamp\":\"" + Instant.now() + "\"}";
        for (String body : List.of(record + "\n{", "{\"model\":\"fz\"} x\n", "\u0000\n", "[1]\n" + record, "{\"version\":1e309}\n")) {
            Answer answer = send("POST", path + "?batchId=fz-nd-" + UUID.randomUUID(), "application/x-ndjson",
                                 body.getBytes(StandardCharsets.UTF_8), "ndjson");
            count("ndjson");
            if (answer.status >= 500) {
                fail(answer, "ndjson", "POST", path, body);
            } else if (answer.status >= 400) {
                clean4xx(answer, "ndjson", "POST", path, body, null);
            }
        }
    }

    /** Path parameters that break their pattern or type: refused with problem+json, never 5xx, never a write. */
    private void pathMutations(String method, String template, JsonNode operation) {
        for (JsonNode parameter : operation.path("parameters")) {
            if (!parameter.path("in").asText().equals("path")) {
                continue;
            }
            String name = parameter.path("name").asText();
            for (String broken : List.of("a%20b", "-1", "0", "99999999999999999999", "x".repeat(300), "%E2%80%AEx", "%C3%28",
                                         "a%22b", "%7B%7D", "..%2F..")) {
                String path = fill(template.replace("{" + name + "}", broken));
                Answer answer = send(method, path, method.equals("GET") || method.equals("DELETE") ? null : "application/json",
                                     method.equals("GET") || method.equals("DELETE") ? null : "{}".getBytes(StandardCharsets.UTF_8),
                                     "path " + name);
                count("path");
                if (answer.status >= 500) {
                    fail(answer, "path " + name + "=" + broken, method, path, "");
                } else if (answer.status >= 400) {
                    clean4xx(answer, "path " + name + "=" + broken, method, path, "", null);
                } else if (!method.equals("GET")) {
                    fail(answer, "path " + name + "=" + broken + " accepted a write", method, path, "");
                }
            }
        }
    }

    /** Query parameters of the wrong type, out of range, or far-off instants. */
    private void queryMutations(String method, String path, JsonNode operation) {
        for (JsonNode parameter : operation.path("parameters")) {
            if (!parameter.path("in").asText().equals("query")) {
                continue;
            }
            String name = parameter.path("name").asText();
            JsonNode schema = parameter.path("schema");
            List<String> values = new ArrayList<>(List.of("%00", "%E2%80%AE", "x".repeat(3_000)));
            switch (schema.path("type").asText("")) {
                case "integer" -> values.addAll(List.of("abc", "-1", "1.5", "99999999999999999999"));
                case "boolean" -> values.add("maybe");
                default -> {
                }
            }
            if (schema.path("format").asText("").equals("date-time") || List.of("from", "to", "at").contains(name)) {
                values.addAll(List.of("%2B999999999-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z", "yesterday"));
            }
            String others = requiredOthers(operation, name);
            for (String value : values) {
                String url = path + "?" + others + name + "=" + value;
                Answer answer = send(method, url, null, (byte[]) null, "query " + name);
                count("query");
                // NUL, bidi, non-numbers for numbers and far-off or unparseable instants are never accepted,
                // and the refusal names the parameter; other odd values (a long text, -1) may be fine
                boolean invalid = value.startsWith("%") || List.of("abc", "1.5", "99999999999999999999", "maybe").contains(value)
                        || value.endsWith("00:00:00Z") || value.equals("yesterday");
                if (invalid) {
                    refused(answer, "query " + name + "=" + abbreviate(value), method, url, "", name);
                } else if (answer.status >= 500) {
                    fail(answer, "query " + name + "=" + abbreviate(value), method, url, "");
                } else if (answer.status >= 400) {
                    clean4xx(answer, "query " + name + "=" + abbreviate(value), method, url, "", null);
                }
            }
        }
    }

    /** The operation's other required query parameters, with valid values, so that a refusal is about the one mutated. */
    private static String requiredOthers(JsonNode operation, String mutated) {
        StringBuilder query = new StringBuilder();
        for (JsonNode parameter : operation.path("parameters")) {
            String name = parameter.path("name").asText();
            if (parameter.path("in").asText().equals("query") && parameter.path("required").asBoolean() && !name.equals(mutated)) {
                JsonNode schema = parameter.path("schema");
                String value = schema.path("format").asText("").equals("date-time")
                        ? Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString()
                        : schema.path("type").asText("").equals("integer") ? "1" : "fz";
                query.append(name).append('=').append(value).append('&');
            }
        }
        return query.toString();
    }

    /** What never reaches a service: over-long request lines and headers, invalid escapes, a bad Host. */
    private void gatewayEdges() throws IOException {
        String auth = "Authorization: Bearer " + adminKey + "\r\n";
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("uri-too-long", "GET /api/registry/models?q=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n" + auth + "\r\n");
        raw.put("headers-too-large", "GET /api/registry/models HTTP/1.1\r\nHost: localhost\r\n" + auth + "X-Big: " + "a".repeat(20_000) + "\r\n\r\n");
        raw.put("invalid-escape", "GET /api/registry/models/a%zz HTTP/1.1\r\nHost: localhost\r\n" + auth + "\r\n");
        raw.put("bad-host", "GET /api/registry/models HTTP/1.1\r\nHost: a b\r\n" + auth + "\r\n");
        raw.put("encoded-slash", "GET /api/registry/models/a%2Fb HTTP/1.1\r\nHost: localhost\r\n" + auth + "\r\n");
        raw.put("dot-segments", "GET /api/registry/../access/keys HTTP/1.1\r\nHost: localhost\r\n" + auth + "\r\n");
        raw.put("not-http", "HELLO\r\n\r\n");
        raw.put("no-route", "GET /nowhere HTTP/1.1\r\nHost: localhost\r\n" + auth + "\r\n");
        raw.put("too-large-body", "POST /api/registry/models HTTP/1.1\r\nHost: localhost\r\n" + auth
                + "Content-Type: application/json\r\nContent-Length: 50000000\r\n\r\n{");
        URI gateway = URI.create(platform.gatewayUrl());
        for (Map.Entry<String, String> request : raw.entrySet()) {
            Answer answer = rawExchange(gateway, request.getValue());
            count("gateway-" + request.getKey());
            if (answer.status < 400 || answer.status >= 500) {
                fail(answer, "gateway " + request.getKey(), "RAW", request.getKey(), "");
            } else {
                clean4xx(answer, "gateway " + request.getKey(), "RAW", request.getKey(), "", null);
            }
        }
    }

    /** Reference profiles from CSV: broken CSV is a 400 naming the body, odd but legal headers are stored safely. */
    private void csvReferences() {
        String path = "/api/monitor/models/fz/versions/2/reference";
        Map<String, Boolean> bodies = new LinkedHashMap<>(); // CSV → must it be refused?
        bodies.put("a,b\n\"1,2\n", true);
        bodies.put("a,b\n", true);
        bodies.put("", true);
        bodies.put("a,a\n1,2\n", true);
        bodies.put("a.b,$c\n1,2\n", false);
        bodies.put("amount\n=1+1\n", false);
        bodies.put("amount\n\"x\u0000y\"\n", true);
        bodies.put("am\u202eount\n1\n", true);
        bodies.put("amount\nInfinity\n", true);
        bodies.put("amount\nNaN\n", true);
        bodies.put("amount\n1e999\n", true);
        for (Map.Entry<String, Boolean> csv : bodies.entrySet()) {
            Answer answer = send("POST", path, "text/csv", csv.getKey().getBytes(StandardCharsets.UTF_8), "csv");
            count("csv");
            if (csv.getValue()) {
                refused(answer, "csv", "POST", path, csv.getKey(), null);
            } else if (answer.status >= 500) {
                fail(answer, "csv", "POST", path, csv.getKey());
            } else if (answer.status >= 400) {
                clean4xx(answer, "csv", "POST", path, csv.getKey(), null);
            }
        }
    }

    // ----------------------------------------------------------------------------------- afterwards

    private void afterwardsEverythingStillReads() throws Exception {
        List<String> reads = List.of("/api/registry/models", "/api/registry/models/fz", "/api/registry/models/fz/versions",
                "/api/registry/models/fz/versions/1", "/api/registry/models/fz/versions/2", "/api/registry/models/fz/versions/1/lineage",
                "/api/registry/models/fz/aliases/staging", "/api/registry/models/fz/aliases/staging/history",
                "/api/registry/datasets", "/api/registry/datasets/fzd", "/api/registry/datasets/fzd/versions/1",
                "/api/registry/datasets/fzd/versions/1/consumers", "/api/registry/prompts", "/api/registry/prompts/fzp",
                "/api/registry/prompts/fzp/versions/1", "/api/registry/models/fz/versions/1/verdicts", "/api/access/keys",
                "/api/audit/entries", "/api/audit/verification", "/api/audit/chain", "/api/audit/checkpoints",
                "/api/audit/models/fz/state", "/api/audit/models/fz/dossier", "/api/audit/exports", "/api/audit/subjects/model:fz/entries",
                "/api/eval/suites", "/api/eval/suites/fzs/versions/1", "/api/eval/suites/fzs/versions/1/cases", "/api/eval/runs",
                "/api/eval/models/fz/versions/1", "/api/monitor/deployments", "/api/monitor/models/fz/policy",
                "/api/monitor/models/fz/alert-rules", "/api/monitor/models/fz/versions/1", "/api/monitor/alerts",
                "/api/monitor/deployments/fz/staging/windows");
        List<String> broken = new ArrayList<>();
        for (String read : reads) {
            Http.Response response = admin.get(read);
            if (response.status() != 200) {
                broken.add(read + " → " + response.status() + " " + response.body());
            }
        }
        assertThat(broken).as("reads after the fuzz").isEmpty();
        JsonNode verification = admin.get("/api/audit/verification").body();
        assertThat(verification.path("intact").asBoolean()).as("the audit chain verifies: " + verification).isTrue();
        for (String service : List.of("registry", "eval", "monitor")) {
            for (JsonNode processor : admin.get("/api/" + service + "/admin/processors").body()) {
                assertThat(processor.path("heldAt").isMissingNode() || processor.path("heldAt").isNull())
                        .as(service + " processor " + processor.path("name").asText() + " is held: " + processor).isTrue();
            }
        }
        for (Platform.Service service : Platform.Service.values()) {
            HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create(platform.serviceUrl(service)
                    + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as(service + " readiness: " + ready.body()).isEqualTo(200);
        }
    }

    // ------------------------------------------------------------------------------------ assertions

    /** An input the family made invalid: a 4xx that is problem+json and, for a field, names it. */
    private void refused(Answer answer, String family, String method, String path, String body, String field) {
        if (answer.status < 400) {
            fail(answer, family + " was accepted", method, path, body);
        } else if (answer.status >= 500) {
            fail(answer, family, method, path, body);
        } else {
            clean4xx(answer, family, method, path, body, field);
        }
    }

    private void clean4xx(Answer answer, String family, String method, String path, String body, String field) {
        if (!answer.contentType.startsWith("application/problem+json") || answer.json == null) {
            fail(answer, family + " is not problem+json", method, path, body);
            return;
        }
        if (field != null && answer.status != 400) { // a bad field is a 400 before anything else is looked at
            fail(answer, family + " is " + answer.status + ", not a 400 naming " + field, method, path, body);
            return;
        }
        if (answer.status != 400) {
            return; // 404, 409, 413, 415…: the problem names the resource or the media type
        }
        boolean named = false;
        for (JsonNode error : answer.json.path("errors")) {
            String named1 = error.path("field").asText("");
            named |= field == null ? !named1.isEmpty() : names(named1, field);
        }
        boolean gatewayRefusal = field == null && answer.json.path("type").asText("").matches(
                "urn:modelledger:problem:(ambiguous-path|malformed-request|uri-too-long|headers-too-large|too-large)");
        if (!named && !gatewayRefusal) {
            fail(answer, family + " does not name " + (field == null ? "a field or the body" : field), method, path, body);
        }
    }

    /** Whether an error's field is {@code field} itself or something inside it ({@code tags.a}, {@code rows[0]}). */
    private static boolean names(String named, String field) {
        return named.equals(field) || named.startsWith(field + ".") || named.startsWith(field + "[");
    }

    private void fail(Answer answer, String family, String method, String path, String body) {
        failures.add(String.format("%s: %s %s → %d %s | body %s", family, method, abbreviate(path), answer.status,
                                   abbreviate(answer.text), abbreviate(body)));
    }

    private void count(String family) {
        sentPerFamily.merge(family, 1, Integer::sum);
    }

    private static String abbreviate(String text) {
        String flat = text == null ? "" : text.replace("\n", "\\n");
        return flat.length() > 160 ? flat.substring(0, 160) + "…" : flat;
    }

    // ---------------------------------------------------------------------------------------- schemas

    record Field(List<Object> path, String name, JsonNode schema) {
    }

    private static JsonNode resolve(JsonNode schema, JsonNode schemas) {
        String ref = schema.path("$ref").asText("");
        return ref.isEmpty() ? schema : schemas.path(ref.substring(ref.lastIndexOf('/') + 1));
    }

    /** Every field of a sampled body, nested objects and the first element of arrays of objects included. */
    private static List<Field> fields(JsonNode value, JsonNode schema, JsonNode schemas, String prefix, int depth) {
        List<Field> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields(); properties.hasNext(); ) {
            Map.Entry<String, JsonNode> property = properties.next();
            JsonNode propertySchema = resolve(property.getValue(), schemas);
            String name = prefix + property.getKey();
            List<Object> path = new ArrayList<>(List.of(property.getKey()));
            fields.add(new Field(path, name, propertySchema));
            JsonNode child = value.path(property.getKey());
            if (depth < 3 && child.isObject() && propertySchema.has("properties")) {
                for (Field nested : fields(child, propertySchema, schemas, name + ".", depth + 1)) {
                    List<Object> nestedPath = new ArrayList<>(path);
                    nestedPath.addAll(nested.path);
                    fields.add(new Field(nestedPath, nested.name, nested.schema));
                }
            }
            JsonNode items = resolve(propertySchema.path("items"), schemas);
            if (depth < 3 && child.isArray() && !child.isEmpty() && items.has("properties")) {
                for (Field nested : fields(child.get(0), items, schemas, name + "[0].", depth + 1)) {
                    List<Object> nestedPath = new ArrayList<>(path);
                    nestedPath.add(0);
                    nestedPath.addAll(nested.path);
                    fields.add(new Field(nestedPath, nested.name, nested.schema));
                }
            }
        }
        return fields;
    }

    /** The body with one field's value replaced by raw JSON text (which may not be valid JSON on purpose). */
    private static String replace(ObjectNode valid, List<Object> path, String rawValue) {
        ObjectNode copy = valid.deepCopy();
        JsonNode parent = copy;
        for (int i = 0; i < path.size() - 1; i++) {
            parent = path.get(i) instanceof Integer index ? parent.get(index) : parent.get((String) path.get(i));
        }
        String marker = "@@FUZZ-" + UUID.randomUUID() + "@@";
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer index) {
            ((ArrayNode) parent).set(index, NODES.textNode(marker));
        } else {
            ((ObjectNode) parent).set((String) last, NODES.textNode(marker));
        }
        return copy.toString().replace("\"" + marker + "\"", rawValue);
    }

    /** A body its schema accepts as far as types, patterns and bounds go (the domain may still say no). */
    private static JsonNode sample(String operation, JsonNode schema, JsonNode schemas, String name, int depth) {
        schema = resolve(schema, schemas);
        JsonNode known = known(operation, name);
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
        if (known != null && (type.isEmpty() || known.getNodeType().name().equalsIgnoreCase(type)
                || known.isTextual() && type.equals("string") || known.isIntegralNumber() && type.equals("integer")
                || known.isNumber() && type.equals("number") || known.isArray() && type.equals("array")
                || known.isObject() && type.equals("object"))) {
            return known.deepCopy();
        }
        switch (type) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                if (depth < 4) {
                    for (Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields(); properties.hasNext(); ) {
                        Map.Entry<String, JsonNode> property = properties.next();
                        object.set(property.getKey(), sample(operation, property.getValue(), schemas, property.getKey(), depth + 1));
                    }
                }
                return object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                array.add(sample(operation, schema.path("items"), schemas, name, depth + 1));
                return array;
            }
            case "integer" -> {
                long value = Math.max(schema.path("minimum").asLong(1), 1);
                return NODES.numberNode(schema.has("maximum") ? Math.min(value, schema.path("maximum").asLong()) : value);
            }
            case "number" -> {
                double low = schema.path("minimum").asDouble(0);
                double high = schema.path("maximum").asDouble(low + 1);
                return NODES.numberNode((low + high) / 2);
            }
            case "boolean" -> {
                return NODES.booleanNode(false);
            }
            case "string" -> {
                if (schema.has("enum")) {
                    return schema.get("enum").get(0).deepCopy();
                }
                if (schema.path("format").asText("").equals("date-time")) {
                    return NODES.textNode(Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
                }
                String pattern = schema.path("pattern").asText("");
                for (String candidate : List.of("fz", "model", "dataset", ">", "info", "classification", "limited", "viewer",
                                                "00000000-0000-0000-0000-000000000000", "0123456789abcdef", SHA, "s3://fz/x")) {
                    if (pattern.isEmpty() || Pattern.compile(pattern).matcher(candidate).matches()) {
                        return NODES.textNode(candidate);
                    }
                }
                return NODES.textNode("fz");
            }
            default -> {
                return NODES.textNode("fz");
            }
        }
    }

    /**
     * Values the domain needs where a schema alone cannot say (a sha256, an ISO duration, a fixture name), so
     * that the valid body of each operation is valid for the domain too and a refusal names the mutated field.
     */
    private static JsonNode known(String operation, String name) {
        JsonNode specific = switch (operation.replaceAll("/api/(registry|eval|monitor)/", "") + "#" + name) {
            case "runs#suite" -> json("{\"name\":\"fzs\",\"version\":1}");
            case "runs#subject" -> json("{\"kind\":\"model\",\"name\":\"fz\",\"version\":1}");
            case "runs#target" -> json("{\"kind\":\"predictions\"}");
            case "runs#predictions" -> json("[{\"caseId\":\"c1\",\"output\":\"y\"}]");
            case "suites/fzs/versions#metric" -> NODES.textNode("equals");
            case "suites/fzs/versions#comparator" -> NODES.textNode(">=");
            case "suites/fzs/versions#params" -> json("{}");
            // a valid suite with per-case assertions needs the metric that judges them
            case "suites/fzs/versions#metrics" -> json("[{\"name\":\"fz\",\"metric\":\"equals\",\"params\":{},\"threshold\":0.5,"
                                                               + "\"comparator\":\">=\"},{\"metric\":\"assertions\",\"threshold\":1}]");
            case "suites/fzs/versions#assertions" -> json("[{\"check\":\"contains\",\"value\":\"fz\",\"params\":{},\"weight\":1}]");
            case "prompts/fzp/versions#variables" -> json("[\"who\"]");
            case "prompts/fzp/versions/1/render#variables" -> json("{\"who\":\"fuzz\"}");
            default -> null;
        };
        return specific != null ? specific : KNOWN.get(name);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Map<String, JsonNode> KNOWN = known();

    private static Map<String, JsonNode> known() {
        Map<String, JsonNode> known = new LinkedHashMap<>();
        for (String sha : List.of("sha256", "suiteSha256", "secretSha256")) {
            known.put(sha, NODES.textNode(SHA));
        }
        known.put("artifactUri", NODES.textNode("s3://fz/x"));
        known.put("uri", NODES.textNode("s3://fzd/x"));
        known.put("framework", NODES.textNode("onnx"));
        known.put("window", NODES.textNode("PT1H"));
        known.put("cooldown", NODES.textNode("PT1H"));
        known.put("requestTtl", NODES.textNode("P1D"));
        known.put("contentRetention", NODES.textNode("P1D"));
        known.put("metric", NODES.textNode("records"));
        known.put("model", NODES.textNode("fz"));
        known.put("modelName", NODES.textNode("fz"));
        known.put("dataset", NODES.textNode("fzd"));
        known.put("suite", NODES.textNode("fzs"));
        known.put("environment", NODES.textNode("staging"));
        known.put("alias", NODES.textNode("staging"));
        known.put("percent", NODES.numberNode(10));
        known.put("keyId", NODES.textNode("00000000000000aa"));
        known.put("owner", NODES.textNode("user:fz"));
        known.put("template", NODES.textNode("Hello {{who}}"));
        known.put("reason", NODES.textNode("fuzz"));
        known.put("batchId", NODES.textNode("fz-batch"));
        known.put("eventId", NODES.textNode("00000000-0000-0000-0000-000000000000"));
        known.put("caseId", NODES.textNode("c1"));
        known.put("output", NODES.textNode("y"));
        known.put("servingEndpoint", NODES.textNode("https://models.example.com/fz"));
        known.put("requiredSuites", NODES.arrayNode());
        known.put("roles", json("[\"viewer\"]"));
        return known;
    }

    private static boolean isDuration(String field) {
        String leaf = field.substring(field.lastIndexOf('.') + 1);
        return List.of("window", "cooldown", "requestTtl", "size", "contentRetention").contains(leaf);
    }

    // ---------------------------------------------------------------------------------------- sending

    record Answer(int status, String contentType, String text, JsonNode json) {
    }

    private Answer send(String method, String path, String contentType, String body, String what) {
        return send(method, path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8), what);
    }

    private Answer send(String method, String path, String contentType, byte[] body, String what) {
        URI uri;
        try {
            uri = URI.create(platform.gatewayUrl() + path);
        } catch (IllegalArgumentException e) { // not a URI the JDK client will send: the raw socket will
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + adminKey + "\r\n");
            if (contentType != null) {
                request.append("Content-Type: ").append(contentType).append("\r\n");
            }
            byte[] payload = body == null ? new byte[0] : body;
            request.append("Content-Length: ").append(payload.length).append("\r\n\r\n").append(new String(payload, StandardCharsets.ISO_8859_1));
            try {
                return rawExchange(URI.create(platform.gatewayUrl()), request.toString());
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                                                 .header("Authorization", "Bearer " + adminKey)
                                                 .header("Idempotency-Key", UUID.randomUUID().toString());
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (java.net.http.HttpTimeoutException stalled) {
            // a kept-alive connection that went quiet (see the issue note): recorded, and asked again on a new one
            dumpThreadsOnce();
            stalls.add(method + " " + abbreviate(path));
            try (HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                HttpResponse<String> response = fresh.send(request.build(), HttpResponse.BodyHandlers.ofString());
                return answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
            } catch (IOException e) {
                return new Answer(599, "", "no answer to " + what + ", twice: " + e, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } catch (IOException e) {
            return new Answer(599, "", "no answer to " + what + ": " + e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean dumped;

    /** Where every thread was when an answer did not come: target/fuzz-no-answer-threads.txt. */
    private void dumpThreadsOnce() {
        if (dumped) {
            return;
        }
        dumped = true;
        StringBuilder dump = new StringBuilder();
        for (java.lang.management.ThreadInfo thread : java.lang.management.ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            dump.append('"').append(thread.getThreadName()).append("\" ").append(thread.getThreadState()).append('\n');
            for (StackTraceElement frame : thread.getStackTrace()) {
                dump.append("    at ").append(frame).append('\n');
            }
            dump.append('\n');
        }
        try {
            java.nio.file.Files.writeString(Path.of("target/fuzz-no-answer-threads.txt"), dump);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One request written as bytes on a fresh connection, and the status, type and body of the answer. */
    private static Answer rawExchange(URI server, String request) throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException closedEarly) {
                // the server may answer and close before reading everything: read what it said
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    received.write(buffer, 0, read);
                    String soFar = received.toString(StandardCharsets.ISO_8859_1);
                    int headerEnd = soFar.indexOf("\r\n\r\n");
                    if (headerEnd >= 0) {
                        java.util.regex.Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(soFar.substring(0, headerEnd));
                        if (length.find() && soFar.length() - headerEnd - 4 >= Integer.parseInt(length.group(1))) {
                            break;
                        }
                    }
                }
            } catch (IOException reset) {
                // a closed connection after the answer
            }
            String text = received.toString(StandardCharsets.UTF_8);
            if (!text.startsWith("HTTP/1.1 ")) {
                return new Answer(599, "", "no HTTP answer: " + abbreviate(text), null);
            }
            int status = Integer.parseInt(text.substring(9, 12));
            int headerEnd = Math.max(text.indexOf("\r\n\r\n"), 0);
            java.util.regex.Matcher type = Pattern.compile("(?i)content-type: *([^\r\n]+)").matcher(text.substring(0, headerEnd));
            return answer(status, type.find() ? type.group(1) : "", headerEnd == 0 ? "" : text.substring(headerEnd + 4));
        }
    }

    private static Answer answer(int status, String contentType, String text) {
        JsonNode json = null;
        if (contentType.contains("json") && text != null && !text.isBlank()) {
            try {
                json = JSON.readTree(text);
            } catch (IOException e) {
                // not JSON after all: the assertions say so
            }
        }
        return new Answer(status, contentType, text == null ? "" : text, json);
    }
}
