package io.modelledger.monitor.guard.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelledger.contracts.registry.GuardPolicyDefined;
import io.modelledger.contracts.registry.GuardRule;
import io.modelledger.monitor.guard.api.FindGuardPolicy;
import io.modelledger.monitor.guard.api.GuardPolicyView;
import io.modelledger.platform.axon.AxonJackson;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
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
 * database or another service. Rules are stored as the event's JSON (a JSON Schema's {@code $} keys are no field names).
 */
@Component
@ProcessingGroup("guard-policies")
public class GuardPolicyProjection {

    static final long CACHE_MILLIS = 1_000;
    private static final ObjectMapper JSON = AxonJackson.objectMapper();

    @Document("monitor_guard_policies")
    record PolicyDocument(@Id String id, String subjectKind, String subject, String environment, int revision, Instant definedAt,
                          String input, String output) {
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
    void on(GuardPolicyDefined event, @Timestamp Instant at) throws JsonProcessingException {
        String id = id(event.subjectKind(), event.subjectName(), event.environment());
        PolicyDocument document = new PolicyDocument(id, event.subjectKind(), event.subjectName(), event.environment(), event.revision(), at,
                                                     JSON.writeValueAsString(event.input()), JSON.writeValueAsString(event.output()));
        // only over an older revision (or none): the upsert of a stale one collides with the newer document's id
        Query older = Query.query(Criteria.where("_id").is(id).and("revision").lt(event.revision()));
        Update update = new Update().set("subjectKind", document.subjectKind()).set("subject", document.subject())
                                    .set("environment", document.environment()).set("revision", document.revision())
                                    .set("definedAt", document.definedAt()).set("input", document.input()).set("output", document.output());
        try {
            mongo.upsert(older, update, PolicyDocument.class);
        } catch (org.springframework.dao.DuplicateKeyException newerAlreadyStored) {
            return;
        }
        cache.remove(id);
        onDefined.accept(view(document));
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
            cached = new Cached(Optional.ofNullable(mongo.findById(id, PolicyDocument.class)).map(GuardPolicyProjection::view), now);
            cache.put(id, cached);
        }
        return cached.policy();
    }

    /** Every stored policy (few: one per subject and environment). */
    public List<GuardPolicyView> all() {
        return mongo.findAll(PolicyDocument.class).stream().map(GuardPolicyProjection::view).toList();
    }

    @QueryHandler
    Optional<GuardPolicyView> handle(FindGuardPolicy query) {
        return Optional.ofNullable(mongo.findById(id(query.subjectKind(), query.subject(), query.environment()), PolicyDocument.class))
                       .map(GuardPolicyProjection::view);
    }

    private static GuardPolicyView view(PolicyDocument d) {
        try {
            var type = JSON.getTypeFactory().constructCollectionType(List.class, GuardRule.class);
            List<GuardRule> input = JSON.readValue(d.input(), type);
            List<GuardRule> output = JSON.readValue(d.output(), type);
            return new GuardPolicyView(d.subjectKind(), d.subject(), d.environment(), d.revision(), d.definedAt(), input, output);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable guard policy " + d.id(), e);
        }
    }
}
