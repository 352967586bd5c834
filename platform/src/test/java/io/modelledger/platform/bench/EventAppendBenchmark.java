package io.modelledger.platform.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.platform.axon.AxonJackson;
import io.modelledger.platform.eventstore.MongoEventStorageEngine;
import io.modelledger.platform.mongo.EmbeddedMongoServer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Event append throughput of our engine against raw driver {@code insertMany} of the same events as plain
 * documents, on the same embedded server. Scores are events per second ({@code OperationsPerInvocation}
 * is the events per commit).
 *
 * <pre>./mvnw -q -pl platform -am -Pbench -DskipTests install exec:exec@bench</pre>
 * ({@code -Dbench.args="EventAppendBenchmark -p backend=durable-h2 -t 4"} to choose.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Daxoniq.update-checker.disabled=true"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Threads(4)
public class EventAppendBenchmark {

    public static final int EVENTS_PER_COMMIT = 10;

    @Param({"memory", "durable-h2"})
    public String backend;

    private EmbeddedMongoServer server;
    private MongoClient client;
    private MongoEventStorageEngine engine;
    private MongoCollection<Document> raw;
    private Path dataDirectory;
    private final Serializer serializer = AxonJackson.serializer();
    private final AtomicLong aggregates = new AtomicLong();

    public record Appended(String aggregateId, long sequence, String payload) {
    }

    @Setup(Level.Trial)
    public void start() throws IOException {
        if (backend.equals("memory")) {
            server = EmbeddedMongoServer.inMemory("127.0.0.1", 0);
        } else {
            dataDirectory = Files.createTempDirectory("bench-h2");
            server = EmbeddedMongoServer.durable(dataDirectory, "127.0.0.1", 0);
        }
        client = MongoClients.create(server.connectionString("bench"));
        engine = MongoEventStorageEngine.builder().database(client.getDatabase("bench"))
                                        .eventSerializer(serializer).snapshotSerializer(serializer).build();
        raw = client.getDatabase("bench").getCollection("raw_events");
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        client.close();
        server.close();
        if (dataDirectory != null) {
            try (var files = Files.walk(dataDirectory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS_PER_COMMIT)
    public void engineAppend() {
        String aggregate = "agg-" + aggregates.incrementAndGet();
        List<EventMessage<?>> events = new ArrayList<>(EVENTS_PER_COMMIT);
        for (int i = 0; i < EVENTS_PER_COMMIT; i++) {
            events.add(new GenericDomainEventMessage<>("Bench", aggregate, i, new Appended(aggregate, i, "x".repeat(200)),
                                                       MetaData.with(MetadataKeys.ACTOR, "bench")));
        }
        engine.appendEvents(events);
    }

    /** The floor: the same events, serialized the same way, inserted as one document each, no indexes. */
    @Benchmark
    @OperationsPerInvocation(EVENTS_PER_COMMIT)
    public void rawInsertMany() {
        String aggregate = "agg-" + aggregates.incrementAndGet();
        List<Document> documents = new ArrayList<>(EVENTS_PER_COMMIT);
        for (int i = 0; i < EVENTS_PER_COMMIT; i++) {
            Appended payload = new Appended(aggregate, i, "x".repeat(200));
            documents.add(new Document("_id", UUID.randomUUID().toString())
                                  .append("aggregateIdentifier", aggregate)
                                  .append("sequenceNumber", (long) i)
                                  .append("payloadType", Appended.class.getName())
                                  .append("payload", serializer.serialize(payload, String.class).getData())
                                  .append("metaData", serializer.serialize(MetaData.with(MetadataKeys.ACTOR, "bench"),
                                                                           String.class).getData()));
        }
        raw.insertMany(documents);
    }
}
