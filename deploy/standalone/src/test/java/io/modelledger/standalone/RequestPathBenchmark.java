package io.modelledger.standalone;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The request path under load, measured with a real load tool ({@code wrk}, from Debian's packages) against the
 * standalone platform with its durable embedded store and the gateway's rate limit lifted. Each operation of the
 * issue "Speed of the request path" is printed beside its baseline from the same run: the same read sent straight
 * to registry-service with a pre-minted internal token (what the gateway costs), and the gateway's own
 * {@code /actuator/health} (what a request through the gateway's filters costs at the least). Absolute figures on
 * 2 shared cores are noisy; the ratios are what to compare between commits.
 * <p>
 * While the writers run, every service's streaming processors (registry, eval, monitor) are sampled every 50 ms: how
 * many events each is behind the head of the store, and how long ago the store's head was where the processor is now
 * (the age of the oldest event it has not handled, to within the 50 ms between samples).
 *
 * <pre>./dev.sh bench        (or: ./mvnw -q -DskipTests install &amp;&amp; ./mvnw -q -pl deploy/standalone -Pbench exec:exec@bench \
 *     -Dbench.main=io.modelledger.standalone.RequestPathBenchmark -Dbench.args=15)</pre>
 * The argument is the seconds each measured run lasts (default 15); each is preceded by a warm-up of a third of it,
 * the reads through the gateway by one of six times it and the 16 writers by one of four times it, since a cold JVM
 * answers a fraction of a warm one and the JIT compiler needs minutes on two cores to compile the four applications'
 * paths.
 */
public final class RequestPathBenchmark {

    private static final int WRITERS = 16;
    private static final int TELEMETRY_BATCH = 1000;
    /** Warm-ups of the read and the write path, in multiples of a measured run. */
    private static final int READ_WARM_UP = 6;
    private static final int WRITE_WARM_UP = 4;

    private final int seconds;
    private final Path scripts;
    private final List<String[]> table = new ArrayList<>();

    private RequestPathBenchmark(int seconds) throws IOException {
        this.seconds = seconds;
        this.scripts = Files.createTempDirectory("request-path-bench");
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].trim()) : 15;
        if (new ProcessBuilder("sh", "-c", "command -v wrk").start().waitFor() != 0) {
            System.err.println("The load benchmark drives wrk: apt-get install -y wrk");
            System.exit(2);
        }
        new RequestPathBenchmark(seconds).run();
        System.exit(0); // Axon's non-daemon threads would keep the JVM alive
    }

    /** What wrk reported for one run. */
    private record Run(double requestsPerSecond, double p50Ms, double p99Ms, double maxMs, long requests, long failed) {

        String summary(int concurrency) {
            return String.format(Locale.ROOT, "%,.0f req/s, p50 %.1f ms, p99 %.1f ms, max %,.0f ms, c=%d, %,d requests, %d failed",
                                 requestsPerSecond, p50Ms, p99Ms, maxMs, concurrency, requests, failed);
        }
    }

    private void run() throws Exception {
        Path data = Files.createTempDirectory("request-path-data");
        long started = System.nanoTime();
        Platform platform = Platform.start(new StandaloneOptions(data, null, Http.freePort(), Http.freePort(), Http.freePort(),
                                                                 Http.freePort(), Http.freePort(), "modelledger", Map.of(
                "modelledger.gateway.limits.requests-per-second", "1000000",
                "modelledger.gateway.limits.burst", "1000000",
                "modelledger.gateway.token-ttl", "PT10M")) // the direct read's pre-minted token outlives a long run
                .withConsole(Http.freePort())); // every feature of the round: the ready time and memory include the console
        double readySeconds = (System.nanoTime() - started) / 1e9;
        try {
            Http admin = new Http(platform.gatewayUrl()).as(platform.bootstrapAdminKey().orElseThrow());
            String key = admin.issueKey("user:bench", "contributor", "viewer", "ingest");
            created(admin.post("/api/registry/models", "{\"name\":\"read-me\"}"));
            created(admin.post("/api/registry/models/read-me/versions", version(1)));
            for (int w = 0; w < WRITERS; w++) {
                created(admin.post("/api/registry/models", "{\"name\":\"w" + w + "\"}"));
            }
            created(admin.post("/api/registry/models", "{\"name\":\"single\"}"));
            created(admin.post("/api/registry/models/single/versions", version(1)));
            System.gc();
            long residentMb = residentMegabytes();
            String gateway = platform.gatewayUrl();
            String registry = platform.serviceUrl(Platform.Service.REGISTRY);
            String bearer = "Authorization: Bearer " + key;

            // a cold JVM answers a fraction of what a warm one does: compile the whole path first (measured: reads
            // reached their plateau after about 90 s, and the JIT compiler took a fifth to a quarter of the CPU during
            // the first minute of writes)
            wrk(gateway + "/api/registry/models/read-me", 2, 16, READ_WARM_UP * seconds, null, bearer);
            warm(gateway + "/actuator/health", 16, null);
            Run health = wrk(gateway + "/actuator/health", 16, null);
            // internal tokens live a minute: one for the warm-up, a fresh one for the run
            warm(registry + "/api/registry/models/read-me", 16, "Authorization: Bearer " + platform.internalToken("user:bench", "viewer"));
            Run direct = wrk(registry + "/api/registry/models/read-me", 16,
                             "Authorization: Bearer " + platform.internalToken("user:bench", "viewer"));
            Run read = wrk(gateway + "/api/registry/models/read-me", 16, bearer);
            row("GET a model through the gateway", read.summary(16), String.format(Locale.ROOT,
                    "%.2f× the direct read (%s); %.2f× the gateway's health (%,.0f req/s)", read.requestsPerSecond() / direct.requestsPerSecond(),
                    direct.summary(16), read.requestsPerSecond() / health.requestsPerSecond(), health.requestsPerSecond()),
                "≥ 3,000 req/s, p99 ≤ 20 ms");

            Path register = script("register.lua", """
                    local threads = 0
                    function setup(thread)
                      thread:set("model", "w" .. threads)
                      threads = threads + 1
                    end
                    local n = 0
                    function request()
                      n = n + 1
                      local body = '{"artifactUri":"s3://bench/' .. model .. '/' .. n .. '","sha256":"' .. string.format("%064x", n)
                                   .. '","framework":"sklearn"}'
                      return wrk.format("POST", "/api/registry/models/" .. model .. "/versions", nil, body)
                    end
                    """);
            wrk(gateway, WRITERS, WRITERS, WRITE_WARM_UP * seconds, register, bearer, "Content-Type: application/json");
            catchUp(platform); // the lag measured is the run's own, not the warm-up's backlog
            LagSampler lagSampler = new LagSampler(platform);
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(lagSampler, 0, LagSampler.PERIOD_MILLIS, TimeUnit.MILLISECONDS);
            Run writes = wrk(gateway, WRITERS, WRITERS, seconds, register, bearer, "Content-Type: application/json");
            sampler.shutdownNow();
            sampler.awaitTermination(5, TimeUnit.SECONDS);
            long caughtUp = catchUp(platform);
            row("register versions on 16 models through the gateway", writes.summary(WRITERS), "", "≥ 500 req/s, 0 errors");
            row("read-model lag while those writes ran", lagSampler.summary() + String.format(Locale.ROOT,
                    "; caught up %,d ms after the load stopped", caughtUp), "", "bounded, < 1 s behind at the write target");

            Path single = script("single.lua", """
                    local n = 1
                    function request()
                      n = n + 1
                      local body = '{"artifactUri":"s3://bench/single/' .. n .. '","sha256":"' .. string.format("%064x", n)
                                   .. '","framework":"sklearn"}'
                      return wrk.format("POST", "/api/registry/models/single/versions", nil, body)
                    end
                    """);
            Run one = wrk(gateway, 1, 1, seconds, single, bearer, "Content-Type: application/json");
            row("register one version at a time", one.summary(1), "", "p50 ≤ 8 ms");

            Path telemetry = telemetry(new Http(gateway).as(key));
            // every run sends batch ids of its own: a repeated id is recognised and stores nothing
            wrk(gateway, 4, 4, Math.max(2, seconds / 3), telemetry, List.of("warm"), bearer, "Content-Type: application/json");
            Run ingest = wrk(gateway, 4, 4, seconds, telemetry, List.of("run"), bearer, "Content-Type: application/json");
            row("telemetry through the gateway, 1,000-record JSON batches", String.format(Locale.ROOT, "%,.0f records/s (%s)",
                    ingest.requestsPerSecond() * TELEMETRY_BATCH, ingest.summary(4)), "", "≥ 100,000 records/s");
            row("standalone: ready / resident memory", String.format(Locale.ROOT, "%.1f s / %,d MB (after set-up, after a GC)",
                    readySeconds, residentMb), "", "≤ 10 s / ≤ 600 MB");
        } finally {
            platform.close();
        }
        print();
    }

    private static String version(int n) {
        return "{\"artifactUri\":\"s3://bench/" + n + "\",\"sha256\":\"" + "ab".repeat(32) + "\",\"framework\":\"sklearn\"}";
    }

    private static void created(Http.Response response) {
        if (response.status() != 201) {
            throw new IllegalStateException(response.status() + " " + response.body());
        }
    }

    /** A telemetry script: one body of 1,000 records, each request with its own batch id. */
    private Path telemetry(Http ingest) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder("{\"batchId\":\"BATCHID\",\"records\":[");
        SplittableRandom random = new SplittableRandom(1);
        String now = Instant.now().toString();
        for (int i = 0; i < TELEMETRY_BATCH; i++) {
            body.append(i == 0 ? "" : ",").append("{\"model\":\"read-me\",\"version\":1,\"environment\":\"production\",\"timestamp\":\"")
                .append(now).append("\",\"latencyMs\":").append(10 + random.nextInt(90)).append(",\"prediction\":")
                .append(random.nextDouble()).append(",\"features\":{");
            for (int f = 0; f < 8; f++) {
                body.append(f == 0 ? "" : ",").append("\"f").append(f).append("\":").append(random.nextDouble() * 100);
            }
            body.append("}}");
        }
        Path records = scripts.resolve("records.json");
        Files.writeString(records, body.append("]}").toString());
        // monitor-service must know read-me v1 before it takes records for it (until then it refuses them, with a 200)
        for (int i = 0; ; i++) {
            Http.Response probe = ingest.post("/api/monitor/telemetry", body.toString().replace("BATCHID", "probe-" + i));
            if (probe.status() == 200 && probe.body().path("accepted").asInt() == TELEMETRY_BATCH) {
                break;
            }
            if (i == 300) {
                throw new IllegalStateException("monitor-service does not take records for read-me v1: " + probe.status() + " " + probe.body());
            }
            Thread.sleep(100);
        }
        return script("telemetry.lua", """
                local threads = 0
                function setup(thread)
                  thread:set("tid", threads)
                  threads = threads + 1
                end
                local prefix, suffix
                local n = 0
                local nonce
                function init(args)
                  nonce = args[1]
                  local f = io.open("%s", "r")
                  local body = f:read("*a")
                  f:close()
                  local at = body:find("BATCHID", 1, true)
                  prefix = body:sub(1, at - 1)
                  suffix = body:sub(at + 7)
                end
                function request()
                  n = n + 1
                  return wrk.format("POST", "/api/monitor/telemetry", nil, prefix .. nonce .. "-" .. tid .. "-" .. n .. suffix)
                end
                """.formatted(records.toAbsolutePath()));
    }

    private Path script(String name, String lua) throws IOException {
        return Files.writeString(scripts.resolve(name), lua, StandardCharsets.UTF_8);
    }

    private void warm(String url, int connections, String header) throws IOException, InterruptedException {
        wrk(url, Math.min(connections, 2), connections, Math.max(2, seconds / 3), null, header);
    }

    private Run wrk(String url, int connections, String header) throws IOException, InterruptedException {
        return wrk(url, Math.min(connections, 2), connections, seconds, null, header);
    }

    private static Run wrk(String url, int threads, int connections, int duration, Path script, String... headers)
            throws IOException, InterruptedException {
        return wrk(url, threads, connections, duration, script, List.of(), headers);
    }

    private static Run wrk(String url, int threads, int connections, int duration, Path script, List<String> scriptArgs,
                           String... headers) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "--latency", "-t" + threads, "-c" + connections, "-d" + duration + "s",
                                                       "--timeout", "10s"));
        for (String header : headers) {
            if (header != null) {
                command.add("-H");
                command.add(header);
            }
        }
        if (script != null) {
            command.add("-s");
            command.add(script.toString());
        }
        command.add(url);
        if (!scriptArgs.isEmpty()) {
            command.add("--");
            command.addAll(scriptArgs);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + output);
        }
        return parse(output);
    }

    static Run parse(String output) {
        double rate = number(output, "Requests/sec:\\s+([0-9.]+)");
        long requests = (long) number(output, "([0-9]+) requests in");
        long failed = (long) number(output, "Non-2xx or 3xx responses: ([0-9]+)")
                      + (long) number(output, "Socket errors: connect ([0-9]+)") + (long) number(output, "read ([0-9]+), write")
                      + (long) number(output, "write ([0-9]+), timeout") + (long) number(output, "timeout ([0-9]+)");
        return new Run(rate, millis(output, "\\s50%\\s+"), millis(output, "\\s99%\\s+"),
                       millis(output, "Latency\\s+[0-9.]+[mu]?s\\s+[0-9.]+[mu]?s\\s+"), requests, failed);
    }

    private static double number(String output, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(output);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** The duration wrk prints after the given prefix (a regular expression), in milliseconds. */
    private static double millis(String output, String prefix) {
        Matcher m = Pattern.compile(prefix + "([0-9.]+)(us|ms|s)").matcher(output);
        if (!m.find()) {
            return Double.NaN;
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    /** How many events the slowest of the services' processors is behind the head of the store. */
    private static OptionalLong lag(Platform platform) {
        Positions now = positions(platform);
        return now.processors().values().stream().mapToLong(position -> Math.max(0, now.head() - position)).max();
    }

    /**
     * The head of the store and where each service's streaming processors are ({@code registry/model-catalog}, each at
     * its slowest segment): the services share one store, so their positions are comparable with its head.
     */
    private record Positions(long head, Map<String, Long> processors) {
    }

    private static Positions positions(Platform platform) {
        TrackingToken head = platform.context(Platform.Service.REGISTRY).getBean(EmbeddedEventStore.class).createHeadToken();
        Map<String, Long> processors = new TreeMap<>();
        for (Platform.Service service : Platform.Service.values()) {
            String prefix = service.name().toLowerCase(Locale.ROOT) + "/";
            platform.context(service).getBean(EventProcessingConfiguration.class).eventProcessors().forEach((name, processor) -> {
                if (processor instanceof StreamingEventProcessor streaming) {
                    for (var status : streaming.processingStatus().values()) {
                        processors.merge(prefix + name, status.getCurrentPosition().orElse(0), Math::min);
                    }
                }
            });
        }
        return new Positions(head == null ? 0 : head.position().orElse(0), processors);
    }

    /**
     * How far the services' processors trail the store, in events and in time. A processor at position p trails
     * the store by the time since the head first went beyond p, i.e. the age of the oldest event it has not handled;
     * the head is monotonic, so that is when the smallest head seen above p was first seen. Samples come every
     * {@value #PERIOD_MILLIS} ms, which bounds the error of the time; it starts with every processor at the head.
     */
    private static final class LagSampler implements Runnable {

        static final long PERIOD_MILLIS = 50;

        private final Platform platform;
        private final long started = System.nanoTime();
        private final TreeMap<Long, Long> headFirstSeen = new TreeMap<>(); // head position -> ms since start
        private final Map<String, Long> maxEvents = new HashMap<>(); // the sampler thread only, read after it stopped
        private final Map<String, Long> maxMillis = new HashMap<>();
        private final List<Long> samples = new ArrayList<>(); // the slowest processor's time behind, per sample

        LagSampler(Platform platform) {
            this.platform = platform;
        }

        @Override
        public void run() {
            Positions now = positions(platform);
            long at = (System.nanoTime() - started) / 1_000_000;
            headFirstSeen.putIfAbsent(now.head(), at);
            long slowest = 0;
            for (Map.Entry<String, Long> processor : now.processors().entrySet()) {
                maxEvents.merge(processor.getKey(), Math.max(0, now.head() - processor.getValue()), Math::max);
                Map.Entry<Long, Long> passed = headFirstSeen.ceilingEntry(processor.getValue() + 1);
                long behind = passed == null ? 0 : at - passed.getValue();
                maxMillis.merge(processor.getKey(), behind, Math::max);
                slowest = Math.max(slowest, behind);
            }
            samples.add(slowest);
        }

        /** Read once the sampling has stopped. */
        String summary() {
            List<Long> sorted = samples.stream().sorted().toList();
            return String.format(Locale.ROOT, "behind the store by p50 %,d ms, p99 %,d ms, at most %,d ms (%s) over %,d samples; "
                                 + "at most %,d events behind (%s)", percentile(sorted, 0.50), percentile(sorted, 0.99),
                                 max(maxMillis), slowest(maxMillis, " ms"), sorted.size(), max(maxEvents), slowest(maxEvents, ""));
        }

        private static long percentile(List<Long> sorted, double p) {
            return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
        }

        private static long max(Map<String, Long> values) {
            return values.values().stream().mapToLong(Long::longValue).max().orElse(0);
        }

        /** The three processors that were furthest behind, with how far. */
        private static String slowest(Map<String, Long> values, String unit) {
            return values.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
                         .map(e -> String.format(Locale.ROOT, "%s %,d%s", e.getKey(), e.getValue(), unit))
                         .collect(Collectors.joining(", "));
        }
    }

    /** Milliseconds until every service's processors have reached the head of the store. */
    private static long catchUp(Platform platform) throws InterruptedException {
        long start = System.nanoTime();
        while (lag(platform).orElse(0) > 0 && System.nanoTime() - start < Duration.ofMinutes(2).toNanos()) {
            Thread.sleep(20);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long residentMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // not Linux: report the heap in use instead
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
    }

    private void row(String operation, String result, String baseline, String target) {
        table.add(new String[]{operation, result, baseline, target});
    }

    private void print() {
        System.out.printf("%n| operation (durable standalone, %d cores, %d s per run) | result | baseline in the same run | target |%n",
                          Runtime.getRuntime().availableProcessors(), seconds);
        System.out.println("|---|---|---|---|");
        for (String[] row : table) {
            System.out.println("| " + String.join(" | ", row) + " |");
        }
    }
}
