package io.modelledger.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The platform an ingestion benchmark runs against: standalone on the durable embedded store in a fresh directory,
 * the gateway's rate limits lifted, model {@code bench} version 1 registered, and an {@code ingest} key for it.
 */
record IngestionBench(Path data, Platform platform, String apiKey, String keyOwner) {

    static IngestionBench start(String framework, String keyOwner) throws IOException {
        Path data = Files.createTempDirectory("ingest-bench");
        Platform platform = Platform.start(new StandaloneOptions(data, null, Http.freePort(), Http.freePort(), Http.freePort(), Http.freePort(),
                                                                 Http.freePort(), "modelledger", Map.of(
                                                                         "modelledger.gateway.limits.requests-per-second", "100000",
                                                                         "modelledger.gateway.limits.burst", "100000")));
        Http admin = new Http(platform.gatewayUrl()).as(platform.bootstrapAdminKey().orElseThrow());
        created(admin.post("/api/registry/models", "{\"name\":\"bench\"}"));
        created(admin.post("/api/registry/models/bench/versions", "{\"artifactUri\":\"s3://m/1\",\"sha256\":\"" + "ab".repeat(32)
                + "\",\"framework\":\"" + framework + "\"}"));
        return new IngestionBench(data, platform, admin.issueKey(keyOwner, "ingest"), keyOwner);
    }

    private static void created(Http.Response response) {
        if (response.status() != 201) {
            throw new IllegalStateException(response.status() + " " + response.body());
        }
    }

    /** A fresh internal token for the key's owner, as the gateway would mint it (they expire). */
    String internalToken() {
        return platform.internalToken(keyOwner, "ingest");
    }

    void stop() throws IOException {
        platform.close();
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
