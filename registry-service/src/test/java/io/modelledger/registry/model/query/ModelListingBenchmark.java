package io.modelledger.registry.model.query;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.modelledger.contracts.registry.ModelRegistered;
import io.modelledger.contracts.registry.ModelVersionRegistered;
import io.modelledger.platform.mongo.EmbeddedMongoServer;
import io.modelledger.registry.model.api.ListModelVersions;
import io.modelledger.registry.model.api.ModelVersionPage;
import io.modelledger.registry.model.api.VersionFilter;
import org.axonframework.eventhandling.GenericDomainEventMessage;
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
import io.modelledger.platform.projection.ProjectionFailures;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One page (50) of a model's 10,000 versions from the catalog read model on the embedded server:
 * unfiltered, deep in the list, filtered by a tag every other version has, and by one every 20th has.
 *
 * <pre>./mvnw -q -DskipTests install && ./mvnw -q -pl registry-service -Pbench exec:exec@bench</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 3)
public class ModelListingBenchmark {

    static final int VERSIONS = 10_000;
    static final int PAGE = 50;

    @Param({"memory", "durable-h2"})
    public String backend;

    private EmbeddedMongoServer server;
    private MongoClient client;
    private ModelCatalogProjection catalog;
    private Path data;

    @Setup(Level.Trial)
    public void seed() throws IOException {
        if (backend.equals("memory")) {
            server = EmbeddedMongoServer.inMemory("127.0.0.1", 0);
        } else {
            data = Files.createTempDirectory("listing-bench");
            server = EmbeddedMongoServer.durable(data, "127.0.0.1", 0);
        }
        client = MongoClients.create(server.connectionString("bench"));
        MongoTemplate mongo = new MongoTemplate(client, "bench");
        // handlers called outside a unit of work write at once; every document has its revision
        catalog = new ModelCatalogProjection(mongo, null, new ProjectionFailures(mongo.getCollection("evictions"), Clock.systemUTC()));
        Instant at = Instant.parse("2026-11-01T00:00:00Z");
        ModelRegistered registered = new ModelRegistered("big", "a model with many versions", Map.of());
        catalog.on(registered, new GenericDomainEventMessage<>("Model", "model:big", 0, registered), at, "user:bench");
        for (int v = 1; v <= VERSIONS; v++) {
            Map<String, String> tags = Map.of("stage", v % 2 == 0 ? "prod" : "dev", "cohort", v % 20 == 0 ? "rare" : "common");
            ModelVersionRegistered version = new ModelVersionRegistered("big", v, "s3://m/" + v, "c".repeat(64),
                                                                        v % 3 == 0 ? "onnx" : "sklearn", tags);
            catalog.on(version, new GenericDomainEventMessage<>("Model", "model:big", v, version), at.plusSeconds(v), "user:bench");
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        client.close();
        server.close();
        if (data != null) {
            try (var files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private ModelVersionPage page(int after, VersionFilter filter) {
        ModelVersionPage page = catalog.handle(new ListModelVersions("big", after, PAGE, filter));
        if (page.items().isEmpty()) {
            throw new IllegalStateException("empty page");
        }
        return page;
    }

    @Benchmark
    public ModelVersionPage firstPage() {
        return page(0, VersionFilter.NONE);
    }

    @Benchmark
    public ModelVersionPage randomPage() {
        return page(ThreadLocalRandom.current().nextInt(VERSIONS - PAGE), VersionFilter.NONE);
    }

    @Benchmark
    public ModelVersionPage randomPageFilteredByCommonTag() {
        return page(ThreadLocalRandom.current().nextInt(VERSIONS / 2), new VersionFilter("stage:prod", null, null));
    }

    @Benchmark
    public ModelVersionPage randomPageFilteredByRareTag() {
        return page(ThreadLocalRandom.current().nextInt(VERSIONS / 2), new VersionFilter("cohort:rare", null, null));
    }
}
