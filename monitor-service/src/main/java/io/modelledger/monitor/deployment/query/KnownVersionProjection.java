package io.modelledger.monitor.deployment.query;

import io.modelledger.monitor.deployment.api.FindKnownModel;
import io.modelledger.monitor.deployment.api.FindKnownVersion;
import io.modelledger.monitor.deployment.api.KnownVersionView;
import io.modelledger.monitor.deployment.api.ReadModels;
import io.modelledger.contracts.registry.ModelVersionRegistered;
import io.modelledger.platform.projection.BatchedWrites;
import io.modelledger.platform.projection.ProjectionFailures;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * The model versions the monitor can attribute telemetry to, from the registry's events in the shared
 * store. Documents are replaced whole by name/version, so a replay yields the same state; once per batch of
 * events ({@link BatchedWrites}).
 */
@Component
@ProcessingGroup(ReadModels.KNOWN_VERSIONS)
public class KnownVersionProjection {


    private final MongoTemplate mongo;
    private final BatchedWrites writes;

    public KnownVersionProjection(MongoTemplate mongo, ProjectionFailures failures) {
        this.mongo = mongo;
        this.writes = new BatchedWrites(mongo, failures, ReadModels.KNOWN_VERSIONS);
    }

    @Document("monitor_known_versions")
    record KnownVersionDocument(@Id String id, String modelName, int version, String sha256, String framework,
                                Instant registeredAt) {
    }

    @EventHandler
    void on(ModelVersionRegistered event, @Timestamp Instant at) {
        KnownVersionDocument document = new KnownVersionDocument(id(event.modelName(), event.version()), event.modelName(),
                                                                 event.version(), event.sha256(), event.framework(), at);
        writes.replace(Query.query(where("_id").is(document.id())), document);
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(KnownVersionDocument.class);
    }

    @QueryHandler
    Optional<KnownVersionView> handle(FindKnownVersion query) {
        return Optional.ofNullable(mongo.findById(id(query.modelName(), query.version()), KnownVersionDocument.class))
                       .map(d -> new KnownVersionView(d.modelName(), d.version(), d.sha256(), d.framework(), d.registeredAt()));
    }

    @QueryHandler
    Boolean handle(FindKnownModel query) {
        return mongo.exists(Query.query(where("modelName").is(query.modelName())), KnownVersionDocument.class);
    }

    private static String id(String modelName, int version) {
        return modelName + "/" + version;
    }
}
