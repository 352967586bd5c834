package io.modelledger.registry.model.query;

import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.contracts.registry.ModelRegistered;
import io.modelledger.contracts.registry.ModelVersionRegistered;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * The model catalog read model. Handlers are idempotent (documents keyed by name and by name/version,
 * written whole or with {@code $max}), so a replay rebuilds the same state. Versions are numbered
 * without holes, so a page of versions is an exact {@code _id $in} lookup, not a range scan.
 */
@Component
@ProcessingGroup(ModelCatalogProjection.GROUP)
public class ModelCatalogProjection {

    public static final String GROUP = "model-catalog";
    static final String MODELS = "registry_models";
    static final String VERSIONS = "registry_model_versions";

    private final MongoTemplate mongo;

    public ModelCatalogProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Document(MODELS)
    record ModelDocument(@Id String name, String description, Map<String, String> tags, int latestVersion,
                         Instant registeredAt, String registeredBy) {
    }

    @Document(VERSIONS)
    record VersionDocument(@Id String id, String modelName, int version, String artifactUri, String sha256,
                           String framework, Map<String, String> tags, Instant registeredAt, String registeredBy) {
    }

    @EventHandler
    void on(ModelRegistered event, @Timestamp Instant at, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        Update update = new Update().set("description", event.description())
                                    .set("tags", event.tags())
                                    .set("registeredAt", at)
                                    .set("registeredBy", actor)
                                    .max("latestVersion", 0);
        mongo.upsert(Query.query(where("_id").is(event.modelName())), update, ModelDocument.class);
    }

    @EventHandler
    void on(ModelVersionRegistered event, @Timestamp Instant at, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        VersionDocument version = new VersionDocument(versionId(event.modelName(), event.version()), event.modelName(),
                                                      event.version(), event.artifactUri(), event.sha256(),
                                                      event.framework(), event.tags(), at, actor);
        mongo.findAndReplace(Query.query(where("_id").is(version.id())), version,
                             FindAndReplaceOptions.options().upsert());
        mongo.upsert(Query.query(where("_id").is(event.modelName())), new Update().max("latestVersion", event.version()),
                     ModelDocument.class);
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(ModelDocument.class);
        mongo.dropCollection(VersionDocument.class);
    }

    @QueryHandler
    Optional<ModelView> handle(ModelQueries.FindModel query) {
        return Optional.ofNullable(mongo.findById(query.name(), ModelDocument.class)).map(ModelCatalogProjection::view);
    }

    @QueryHandler
    ModelPage handle(ModelQueries.ListModels query) {
        Criteria criteria = query.after() == null ? new Criteria() : where("_id").gt(query.after());
        List<ModelView> models = mongo.find(Query.query(criteria).with(Sort.by("_id")).limit(query.limit() + 1),
                                            ModelDocument.class)
                                      .stream().map(ModelCatalogProjection::view).toList();
        boolean more = models.size() > query.limit();
        List<ModelView> page = more ? models.subList(0, query.limit()) : models;
        return new ModelPage(page, more ? page.getLast().name() : null);
    }

    @QueryHandler
    Optional<ModelVersionView> handle(ModelQueries.FindModelVersion query) {
        return Optional.ofNullable(mongo.findById(versionId(query.modelName(), query.version()), VersionDocument.class))
                       .map(ModelCatalogProjection::view);
    }

    @QueryHandler
    ModelVersionPage handle(ModelQueries.ListModelVersions query) {
        ModelDocument model = mongo.findById(query.modelName(), ModelDocument.class);
        if (model == null) {
            return new ModelVersionPage(List.of(), null);
        }
        int last = Math.min(model.latestVersion(), query.after() + query.limit());
        List<String> ids = IntStream.rangeClosed(query.after() + 1, last)
                                    .mapToObj(v -> versionId(query.modelName(), v)).toList();
        List<ModelVersionView> versions = ids.isEmpty() ? List.of()
                : mongo.find(Query.query(where("_id").in(ids)), VersionDocument.class).stream()
                       .map(ModelCatalogProjection::view)
                       .sorted(java.util.Comparator.comparingInt(ModelVersionView::version))
                       .toList();
        return new ModelVersionPage(versions, last < model.latestVersion() ? String.valueOf(last) : null);
    }

    static String versionId(String modelName, int version) {
        return modelName + "/" + version;
    }

    private static ModelView view(ModelDocument d) {
        return new ModelView(d.name(), d.description(), d.tags(), d.latestVersion(), d.registeredAt(), d.registeredBy());
    }

    private static ModelVersionView view(VersionDocument d) {
        return new ModelVersionView(d.modelName(), d.version(), d.artifactUri(), d.sha256(), d.framework(), d.tags(),
                                    d.registeredAt(), d.registeredBy());
    }
}
