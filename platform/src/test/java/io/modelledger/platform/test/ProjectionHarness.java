package io.modelledger.platform.test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.modelledger.platform.mongo.KeySafeMongoConverter;
import io.modelledger.platform.projection.ProjectionFailures;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;
import org.springframework.data.mongodb.core.query.Query;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A projection on the run's MongoDB (the embedded wire server here), with the read-model converter every
 * service uses, in a database of its own. {@link #assertReplayable} feeds a projection its events, then feeds
 * them again (handlers are idempotent), then resets and replays them (read models are disposable), and checks
 * that every collection holds exactly the same documents each time.
 */
public final class ProjectionHarness implements AutoCloseable {

    private final MongoClient client;
    private final MongoTemplate mongo;

    private ProjectionHarness(String database) {
        client = MongoClients.create(TestMongo.uri(database));
        SimpleMongoClientDatabaseFactory factory = new SimpleMongoClientDatabaseFactory(client, database);
        MongoCustomConversions conversions = new MongoCustomConversions(List.of());
        MongoMappingContext context = new MongoMappingContext();
        context.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
        context.afterPropertiesSet();
        KeySafeMongoConverter converter = new KeySafeMongoConverter(factory, context);
        converter.setCustomConversions(conversions);
        converter.afterPropertiesSet();
        mongo = new MongoTemplate(factory, converter);
    }

    /** A harness on a new database named after {@code projection}. */
    public static ProjectionHarness of(Class<?> projection) {
        return new ProjectionHarness(projection.getSimpleName().toLowerCase() + "-" + System.nanoTime());
    }

    public MongoTemplate mongo() {
        return mongo;
    }

    /**
     * Where the projection's processor would be held, as a service's {@code ProjectionFailures} bean is, in this
     * harness's database. Handlers called directly, outside a unit of work, never consult it.
     */
    public ProjectionFailures failures() {
        return new ProjectionFailures(mongo.getCollection("projection_evictions"), Clock.systemUTC());
    }

    /** Every document of every collection, each collection in {@code _id} order. */
    public Map<String, List<String>> documents() {
        Map<String, List<String>> all = new TreeMap<>();
        for (String collection : mongo.getCollectionNames()) {
            all.put(collection, mongo.find(new Query().with(Sort.by("_id")), Document.class, collection).stream().map(Document::toJson).toList());
        }
        all.values().removeIf(List::isEmpty);
        return all;
    }

    /**
     * Handles {@code events} once, twice, and once more after {@code reset}; the documents must be the same
     * each time, and the reset must leave nothing behind. Returns them, for the test's own checks.
     */
    public Map<String, List<String>> assertReplayable(Runnable events, Runnable reset) {
        events.run();
        Map<String, List<String>> first = documents();
        assertThat(first).as("the events left documents").isNotEmpty();
        events.run();
        assertThat(documents()).as("handling the same events again changes nothing").isEqualTo(first);
        reset.run();
        assertThat(documents()).as("the reset handler empties the read model").isEmpty();
        events.run();
        assertThat(documents()).as("a replay rebuilds the same documents").isEqualTo(first);
        return first;
    }

    @Override
    public void close() {
        mongo.getDb().drop();
        client.close();
    }
}
