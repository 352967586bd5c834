package io.modelledger.standalone;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long the console takes to render its pages on the server, with a model of many versions (paged): the standalone
 * platform with its durable embedded store and the console, one signed-in person, each page asked for one after the
 * other through the gateway (the browser's path), after a warm-up. Beside them, in the same run, the API read a model
 * page starts with (GET /api/registry/models/{name} through the gateway), so the page's own cost is the difference.
 *
 * <pre>./mvnw -q -DskipTests install &amp;&amp; ./mvnw -q -pl deploy/standalone -Pbench exec:exec@bench \
 *     -Dbench.main=io.modelledger.standalone.ConsolePageBenchmark -Dbench.args="10000 200"</pre>
 * Arguments: the versions of the big model (default 10,000) and the measured requests per page (default 200).
 */
public final class ConsolePageBenchmark {

    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final int WARM_UP = 60;

    public static void main(String[] args) throws Exception {
        int versions = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].trim()) : 10_000;
        int samples = args.length > 1 ? Integer.parseInt(args[1].trim()) : 200;
        Path data = Files.createTempDirectory("console-page-data");
        Platform platform = Platform.start(new StandaloneOptions(data, null, Http.freePort(), Http.freePort(), Http.freePort(),
                                                                 Http.freePort(), Http.freePort(), "modelledger", Map.of(
                "modelledger.gateway.limits.requests-per-second", "1000000",
                "modelledger.gateway.limits.burst", "1000000")).withConsole(Http.freePort()));
        try {
            String url = platform.gatewayUrl();
            String key = platform.bootstrapAdminKey().orElseThrow();
            Http admin = new Http(url).as(key);
            seed(admin, versions);

            HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                                           .connectTimeout(Duration.ofSeconds(5)).build();
            signIn(browser, url, key);
            List<String> pages = List.of("/", "/models", "/models/big", "/models/big?after=" + (versions - 25), "/models/big/versions/" + versions,
                                         "/models/big/aliases/champion", "/approvals", "/evaluations", "/prompts", "/audit", "/access");
            System.out.printf(Locale.ROOT, "%nConsole pages, %,d versions of model 'big', %d sequential requests per page after %d warm-up "
                                           + "(durable standalone, one JVM, 2 cores)%n%n", versions, samples, WARM_UP);
            System.out.printf(Locale.ROOT, "| %-40s | %9s | %9s | %9s | %s |%n", "page", "p50 ms", "p95 ms", "p99 ms", "p95 ≤ 150 ms");
            System.out.println("|---|---|---|---|---|");
            HttpClient api = HttpClient.newHttpClient();
            print("baseline: GET /api/registry/models/big (API)", measure(samples, () -> status(api.send(HttpRequest.newBuilder(
                    URI.create(url + "/api/registry/models/big")).header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.discarding()))));
            for (String page : pages) {
                print(page, measure(samples, () -> status(browser.send(HttpRequest.newBuilder(URI.create(url + page)).build(),
                                                                       HttpResponse.BodyHandlers.discarding()))));
            }
        } finally {
            platform.close();
        }
        System.exit(0); // Axon's non-daemon threads would keep the JVM alive
    }

    private interface Call {
        void run() throws Exception;
    }

    private static double[] measure(int samples, Call call) throws Exception {
        for (int i = 0; i < WARM_UP; i++) {
            call.run();
        }
        double[] millis = new double[samples];
        for (int i = 0; i < samples; i++) {
            long started = System.nanoTime();
            call.run();
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(millis);
        return millis;
    }

    private static void print(String page, double[] sorted) {
        double p95 = quantile(sorted, 0.95);
        System.out.printf(Locale.ROOT, "| %-40s | %9.1f | %9.1f | %9.1f | %s |%n", page, quantile(sorted, 0.5), p95, quantile(sorted, 0.99),
                          p95 <= 150 ? "met" : "NOT met");
    }

    private static double quantile(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static void status(HttpResponse<?> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.uri() + " answered " + response.statusCode());
        }
    }

    private static void signIn(HttpClient browser, String url, String key) throws Exception {
        String page = browser.send(HttpRequest.newBuilder(URI.create(url + "/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = CSRF.matcher(page);
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on the sign-in page");
        }
        String form = "apiKey=" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<Void> signedIn = browser.send(HttpRequest.newBuilder(URI.create(url + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (signedIn.statusCode() != 302 || !"/".equals(signedIn.headers().firstValue("Location").orElse(""))) {
            throw new IllegalStateException("sign-in answered " + signedIn.statusCode() + " " + signedIn.headers().firstValue("Location"));
        }
    }

    /** A model with {@code versions} versions (16 writers), the last one champion, and a dataset its versions were trained on. */
    private static void seed(Http admin, int versions) throws Exception {
        created(admin.post("/api/registry/datasets", "{\"name\":\"events\"}"));
        created(admin.post("/api/registry/datasets/events/versions", "{\"uri\":\"s3://data/events/1\",\"sha256\":\"" + SHA + "\"}"));
        created(admin.post("/api/registry/models", "{\"name\":\"big\",\"description\":\"many versions\"}"));
        Thread.sleep(1_000);
        long started = System.nanoTime();
        ExecutorService writers = Executors.newFixedThreadPool(16);
        List<Future<?>> done = new ArrayList<>();
        for (int v = 1; v <= versions; v++) {
            int n = v;
            done.add(writers.submit(() -> created(admin.post("/api/registry/models/big/versions", "{\"artifactUri\":\"s3://m/big/" + n
                    + "\",\"sha256\":\"" + SHA + "\",\"framework\":\"onnx\",\"lineage\":{\"trainingData\":[{\"dataset\":\"events\",\"version\":1}]}}"))));
        }
        for (Future<?> f : done) {
            f.get();
        }
        writers.shutdown();
        System.out.printf(Locale.ROOT, "Registered %,d versions in %.0f s%n", versions, (System.nanoTime() - started) / 1e9);
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (admin.get("/api/registry/models/big").body().path("latestVersion").asInt() < versions) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the catalog did not catch up");
            }
            Thread.sleep(500);
        }
        created(admin.send("PUT", "/api/registry/models/big/aliases/champion", "{\"version\":" + versions + "}"));
    }

    private static Http.Response created(Http.Response response) {
        if (response.status() >= 300) {
            throw new IllegalStateException(response.status() + " " + response.body());
        }
        return response;
    }
}
