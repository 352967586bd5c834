package io.modelledger.standalone;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's run command starts what this module packages: {@code modelledger-standalone.jar} started as
 * its own process (the libraries inside the jar, not the test class path) becomes ready, and the admin
 * key it prints on first start opens the API through the gateway. Its output goes to a temporary file that
 * is deleted, so the key never reaches the test reports.
 */
class PackagedJarIT {

    private static final Pattern KEY = Pattern.compile("mlk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}");

    @Test
    void thePackagedJarStartsTheWholePlatform() throws Exception {
        Path jar = Path.of("target/modelledger-standalone.jar").toAbsolutePath();
        assertThat(jar).exists();
        Path data = Files.createTempDirectory("packaged-jar");
        Path output = Files.createTempFile("packaged-jar", ".log");
        int gateway = Http.freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx1g", "-jar", jar.toString(), "--data=" + data,
                "--gateway-port=" + gateway, "--registry-port=" + Http.freePort(), "--eval-port=" + Http.freePort(),
                "--monitor-port=" + Http.freePort(), "--mongodb-port=" + Http.freePort()))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                   .until(() -> !process.isAlive() || Files.readString(output).contains("ModelLedger is ready"));
            assertThat(process.isAlive()).as("the jar is running (it stopped: see its output in a local run)").isTrue();
            Matcher key = KEY.matcher(Files.readString(output));
            assertThat(key.find()).as("the first start prints an admin key").isTrue();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> models = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway + "/api/registry/models"))
                                                               .header("Authorization", "Bearer " + key.group()).build(),
                                                    HttpResponse.BodyHandlers.ofString());
            assertThat(models.statusCode()).isEqualTo(200);
            HttpResponse<String> suites = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway + "/api/eval/suites"))
                                                               .header("Authorization", "Bearer " + key.group()).build(),
                                                    HttpResponse.BodyHandlers.ofString());
            assertThat(suites.statusCode()).isEqualTo(200);
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(output);
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void aStartOnABusyPortEndsAtOnceWithOneClearLine() throws Exception {
        Path jar = Path.of("target/modelledger-standalone.jar").toAbsolutePath();
        Path data = Files.createTempDirectory("packaged-jar-busy");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Process process = new ProcessBuilder(List.of(javaBin, "-jar", jar.toString(), "--data=" + data,
                    "--gateway-port=" + busy.getLocalPort(), "--registry-port=" + Http.freePort(), "--eval-port=" + Http.freePort(),
                    "--monitor-port=" + Http.freePort(), "--mongodb-port=" + Http.freePort())).redirectErrorStream(true).start();
            boolean ended = process.waitFor(15, TimeUnit.SECONDS);
            if (!ended) {
                process.destroyForcibly();
            }
            assertThat(ended).as("the JVM ended within 15 s").isTrue();
            assertThat(process.exitValue()).isNotZero();
            assertThat(new String(process.getInputStream().readAllBytes()))
                    .contains("ModelLedger could not start: Port " + busy.getLocalPort() + " (gateway) is in use");
        } finally {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
