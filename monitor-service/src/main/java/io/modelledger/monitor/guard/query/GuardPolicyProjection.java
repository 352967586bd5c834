package io.modelledger.monitor.guard.query;

import com.mongodb.client.model.UpdateOptions;
import io.modelledger.contracts.registry.GuardPolicyDefined;
import io.modelledger.contracts.registry.GuardRule;
import io.modelledger.monitor.guard.api.FindGuardPolicy;
import io.modelledger.monitor.guard.api.GuardPolicyView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The guard policies the registry defined, by subject and environment (a revision replaces an older one and never a newer
 * one, so a replay or a repeat ends in the same state). The guard reads them on every request, so they are cached here for
 * {@value #CACHE_MILLIS} ms: a new revision takes effect within that time on every instance, and no request waits on the
 * database or another service. The rules are written by the read models' key-safe converter, so a JSON Schema's
 * {@code $} keys are stored and read back as they were defined.
 */
@Component
@ProcessingGroup("guard-policies")
public class GuardPolicyProjection {

    static final long CACHE_MILLIS = 1_000;
    static final String COLLECTION = "monitor_guard_policies";

    @Document(COLLECTION)
    record PolicyDocument(@Id String id, String subjectKind, String subject, String environment, int revision, Instant definedAt,
                          List<GuardRule> input, List<GuardRule> output) {

        GuardPolicyView view() {
            return new GuardPolicyView(subjectKind, subject, environment, revision, definedAt, input, output);
        }
    }

    private record Cached(Optional<GuardPolicyView> policy, long loadedAt) {
    }

    private final MongoTemplate mongo;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile Consumer<GuardPolicyView> onDefined = policy -> { };

    public GuardPolicyProjection(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    static String id(String subjectKind, String subject, String environment) {
        return subjectKind + ":" + subject + "|" + environment;
    }

    /** Told of each policy this instance stores (the guard warms the embedding model when one needs it). */
    public void onDefined(Consumer<GuardPolicyView> listener) {
        this.onDefined = listener;
    }

    @EventHandler
    void on(GuardPolicyDefined event, @Timestamp Instant at) {
        String id = id(event.subjectKind(), event.subjectName(), event.environment());
        PolicyDocument policy = new PolicyDocument(id, event.subjectKind(), event.subjectName(), event.environment(), event.revision(), at,
                                                   event.input(), event.output());
        org.bson.Document fields = new org.bson.Document();
        mongo.getConverter().write(policy, fields);
        fields.remove("_id");
        fields.remove("_class");
        // only over an older revision (or none): the upsert of a stale one collides with the newer document's id
        try {
            mongo.getCollection(COLLECTION).updateOne(new org.bson.Document("_id", id).append("revision", new org.bson.Document("$lt", event.revision())),
                                                      new org.bson.Document("$set", fields), new UpdateOptions().upsert(true));
        } catch (com.mongodb.MongoWriteException e) {
            if (e.getError().getCode() != 11000) {
                throw e;
            }
            return; // a newer revision is stored
        }
        cache.remove(id);
        onDefined.accept(policy.view());
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(PolicyDocument.class);
        cache.clear();
    }

    /** The policy in force (at most {@value #CACHE_MILLIS} ms old), or empty when the subject has none in that environment. */
    public Optional<GuardPolicyView> find(String subjectKind, String subject, String environment) {
        String id = id(subjectKind, subject, environment);
        long now = clock.millis();
        Cached cached = cache.get(id);
        if (cached == null || now - cached.loadedAt() > CACHE_MILLIS) {
            if (cache.size() > 10_000) {
                cache.clear(); // names come from requests: the cache must not grow without bound
            }
            cached = new Cached(stored(id), now);
            cache.put(id, cached);
        }
        return cached.policy();
    }

    /** Every stored policy (few: one per subject and environment). */
    public List<GuardPolicyView> all() {
        return mongo.findAll(PolicyDocument.class).stream().map(PolicyDocument::view).toList();
    }

    @QueryHandler
    Optional<GuardPolicyView> handle(FindGuardPolicy query) {
        return stored(id(query.subjectKind(), query.subject(), query.environment()));
    }

    private Optional<GuardPolicyView> stored(String id) {
        return Optional.ofNullable(mongo.findById(id, PolicyDocument.class)).map(PolicyDocument::view);
    }
}
