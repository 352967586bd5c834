package io.modelledger.audit.query;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.modelledger.audit.api.AuditFilter;
import io.modelledger.audit.api.AuditPage;
import io.modelledger.contracts.audit.AuditBundle;
import io.modelledger.contracts.audit.AuditEntry;
import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.contracts.registry.ModelDetailsChanged;
import io.modelledger.platform.axon.AxonJackson;
import io.modelledger.platform.eventstore.MongoEventStorageEngine;
import io.modelledger.platform.mongo.EmbeddedMongoServer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
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
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/**
 * The audit log with {@code events} events in the store on the embedded server (memory backend): 1,000
 * models, 50 actors, 10 events per commit, a commit every 30 s (35 days). The setup appends them through the event storage engine and
 * chains them with the audit projection in processor-sized batches of 100 (it prints both rates); then
 * pages are read in global order, for one model, one actor, and one type in a one-hour range. The export
 * and verification benchmarks stream a signed bundle of 100,000 entries; their score is ms per bundle
 * (events/s = 100,000 / seconds). All benchmarks run in the runner's JVM ({@code @Fork(0)}) and share one
 * seeded store.
 *
 * <pre>./mvnw -q -DskipTests install && ./mvnw -q -pl audit -Pbench exec:exec@bench</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(0) // one JVM for every query shape: the 1M-event log is seeded once (minutes), not once per benchmark
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 3)
public class AuditLogBenchmark {

    static final int MODELS = 1000;
    static final int ACTORS = 50;
    static final int PAGE = 50;
    static final int EXPORT = 100_000;

    @Param({"1000000"})
    public int events;

    private static EmbeddedMongoServer server;
    private static MongoClient client;
    private static AuditIndex store;
    private static AuditEntries entries;
    private static KeyPair key;
    private static Instant start;
    private static byte[] bundle;
    private static int seeded;

    @Setup(Level.Trial)
    public void seed() throws Exception {
        if (seeded == events) {
            return;
        }
        if (client != null) {
            client.close();
            server.close();
        }
        server = EmbeddedMongoServer.inMemory("127.0.0.1", 0);
        client = MongoClients.create("mongodb://127.0.0.1:" + server.address().getPort());
        SimpleMongoClientDatabaseFactory factory = new SimpleMongoClientDatabaseFactory(client, "audit-bench");
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(client.getDatabase("audit-bench"))
                .eventSerializer(AxonJackson.serializer()).snapshotSerializer(AxonJackson.serializer()).build();
        start = Instant.now();
        long t0 = System.nanoTime();
        long[] sequence = new long[MODELS];
        for (int commit = 0; commit < events / 10; commit++) {
            int model = commit % MODELS;
            List<EventMessage<?>> batch = new ArrayList<>(10);
            for (int i = 0; i < 10; i++) {
                String actor = "user:actor-" + ((commit * 10 + i) % ACTORS);
                batch.add(new GenericDomainEventMessage<>("Model", "model:m" + model, sequence[model]++,
                        new ModelDetailsChanged("m" + model, "description " + commit + "/" + i, "team:" + (model % 20), "high",
                                                Map.of("stage", "s" + i)),
                        MetaData.with(MetadataKeys.ACTOR, actor).and(MetadataKeys.REQUEST_ID, "req-" + commit)
                                .and(MetadataKeys.TRACEPARENT, "00-" + String.format("%032x", commit) + "-0000000000000001-01"),
                        "e-" + commit + "-" + i, start.plusSeconds(30L * commit)));
            }
            engine.appendEvents(batch);
        }
        double appendSeconds = (System.nanoTime() - t0) / 1e9;
        entries = new AuditEntries(factory, engine.reader());
        store = new AuditIndex(factory, entries);
        AuditLogProjection projection = new AuditLogProjection(factory, engine.reader());
        t0 = System.nanoTime();
        for (long from = 1; from <= events; from += 100) {
            projection.chain(LongStream.range(from, Math.min(events + 1L, from + 100))
                                       .mapToObj(p -> new AuditLogProjection.Delivered(p, "e-" + (p - 1) / 10 + "-" + (p - 1) % 10)).toList());
        }
        double chainSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%nseeded %,d events in %.1f s (%,.0f events/s); audit projection chained them in %.1f s (%,.0f events/s)%n",
                          events, appendSeconds, events / appendSeconds, chainSeconds, events / chainSeconds);
        key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        export(out);
        bundle = out.toByteArray();
        seeded = events;
    }

    @Benchmark
    public AuditPage pageInGlobalOrder() {
        return store.page(ThreadLocalRandom.current().nextLong(events - PAGE), PAGE);
    }

    @Benchmark
    public AuditPage pageOfOneModel() {
        return store.subjectPage("model:m" + ThreadLocalRandom.current().nextInt(MODELS), 0, PAGE);
    }

    @Benchmark
    public AuditPage pageOfOneModelDeep() {
        // the model's 1,000 entries are spread over the whole log; start half way through them
        return store.subjectPage("model:m" + ThreadLocalRandom.current().nextInt(MODELS), events / 2, PAGE);
    }

    @Benchmark
    public AuditPage pageOfOneActor() {
        return store.search(new AuditFilter(null, "user:actor-" + ThreadLocalRandom.current().nextInt(ACTORS), null, null,
                                                  null, null, null, null), 0, PAGE);
    }

    @Benchmark
    public AuditPage pageOfOneTypeInAnHour() {
        Instant from = start.plusSeconds(3600L * ThreadLocalRandom.current().nextInt(24 * 30));
        return store.search(new AuditFilter(null, null, "ModelDetailsChanged", null, null, null, from, from.plusSeconds(3600)),
                            0, PAGE);
    }

    @Benchmark
    public AuditPage everythingOfOneRequest() {
        return store.search(new AuditFilter(null, null, null, null, "req-" + ThreadLocalRandom.current().nextInt(events / 10),
                                                  null, null, null), 0, PAGE);
    }

    @Benchmark
    public long export100k() throws Exception {
        CountingStream out = new CountingStream();
        export(out);
        return out.count;
    }

    @Benchmark
    public AuditBundle.Result verify100k() throws IOException {
        AuditBundle.Result result = AuditBundle.verify(new ByteArrayInputStream(bundle), key.getPublic());
        if (!result.valid() || result.checked() != EXPORT) {
            throw new IllegalStateException("bundle did not verify: " + result);
        }
        return result;
    }

    /** As the export endpoint does: pages of 500 from the global order, content as stored now, signed. */
    private void export(OutputStream out) throws Exception {
        try (AuditBundle.Writer writer = new AuditBundle.Writer(out)) {
            long written = 0;
            AuditPage page = store.page(0, 500);
            while (written < EXPORT) {
                for (AuditEntry entry : entries.asStoredNow(page.items())) {
                    if (written++ < EXPORT) {
                        writer.write(entry);
                    }
                }
                page = store.page(page.next(), 500);
            }
            writer.finish(Instant.now().toString(), "bench", "first " + EXPORT, true, io.modelledger.contracts.audit.AuditKeys.keyId(key.getPublic()), key.getPrivate());
        }
    }

    static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

}
