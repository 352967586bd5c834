package io.modelledger.registry.dataset.query;

import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.contracts.registry.DatasetRegistered;
import io.modelledger.contracts.registry.DatasetVersionRegistered;
import io.modelledger.contracts.registry.DatasetVersionRef;
import io.modelledger.contracts.registry.ModelVersionRef;
import io.modelledger.contracts.registry.ModelVersionRegistered;
import io.modelledger.registry.dataset.api.DatasetConsumers;
import io.modelledger.registry.dataset.api.DatasetPage;
import io.modelledger.registry.dataset.api.DatasetVersionView;
import io.modelledger.registry.dataset.api.DatasetView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.domain.Sort;
import io.modelledger.registry.Listings;
import io.modelledger.registry.dataset.api.FindDataset;
import io.modelledger.registry.dataset.api.FindDatasetConsumers;
import io.modelledger.registry.dataset.api.FindDatasetVersion;
import io.modelledger.registry.dataset.api.ListDatasets;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Datasets, their versions, and which model versions were built on each (kept on the dataset version's
 * usage document with {@code $addToSet}, so a replay adds nothing twice and the reverse query is one lookup).
 */
@Component
@ProcessingGroup(DatasetCatalogProjection.GROUP)
public class DatasetCatalogProjection {

    public static final String GROUP = "dataset-catalog";

    private final MongoTemplate mongo;

    public DatasetCatalogProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Document("registry_datasets")
    record DatasetDocument(@Id String name, String description, String owner, Map<String, String> tags, int latestVersion,
                           Instant registeredAt, String registeredBy, List<String> tagPairs) {
    }

    @Document("registry_dataset_versions")
    record DatasetVersionDocument(@Id String id, String datasetName, int version, String uri, String sha256, Long rowCount,
                                  Map<String, Object> schema, boolean containsPersonalData, Instant registeredAt,
                                  String registeredBy) {
    }

    @Document("registry_dataset_usage")
    record UsageDocument(@Id String id, List<ModelVersionRef> modelVersions) {
    }

    @EventHandler
    void on(DatasetRegistered event, @Timestamp Instant at, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        mongo.upsert(Query.query(where("_id").is(event.datasetName())),
                     new Update().set("description", event.description()).set("owner", event.owner())
                                 .set("tags", event.tags()).set("tagPairs", Listings.tagPairs(event.tags()))
                                 .set("registeredAt", at).set("registeredBy", actor)
                                 .max("latestVersion", 0), DatasetDocument.class);
    }

    @EventHandler
    void on(DatasetVersionRegistered event, @Timestamp Instant at, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        DatasetVersionDocument version = new DatasetVersionDocument(id(event.datasetName(), event.version()),
                event.datasetName(), event.version(), event.uri(), event.sha256(), event.rowCount(), event.schema(),
                event.containsPersonalData(), at, actor);
        mongo.findAndReplace(Query.query(where("_id").is(version.id())), version, FindAndReplaceOptions.options().upsert());
        mongo.upsert(Query.query(where("_id").is(event.datasetName())), new Update().max("latestVersion", event.version()),
                     DatasetDocument.class);
    }

    @EventHandler
    void on(ModelVersionRegistered event) {
        ModelVersionRef built = new ModelVersionRef(event.modelName(), event.version());
        Stream.concat(event.lineage().trainingData().stream(), event.lineage().validationData().stream())
              .map(DatasetVersionRef.class::cast).distinct()
              .forEach(used -> mongo.upsert(Query.query(where("_id").is(id(used.dataset(), used.version()))),
                                            new Update().addToSet("modelVersions", built), UsageDocument.class));
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(DatasetDocument.class);
        mongo.dropCollection(DatasetVersionDocument.class);
        mongo.dropCollection(UsageDocument.class);
    }

    @QueryHandler
    Optional<DatasetView> handle(FindDataset query) {
        return Optional.ofNullable(mongo.findById(query.name(), DatasetDocument.class))
                       .map(d -> new DatasetView(d.name(), d.description(), d.owner(), d.tags(), d.latestVersion(),
                                                 d.registeredAt(), d.registeredBy()));
    }

    @QueryHandler
    DatasetPage handle(ListDatasets query) {
        Criteria criteria = Listings.after(query.after());
        if (query.owner() != null) {
            criteria = criteria.and("owner").is(query.owner());
        }
        if (query.tag() != null) {
            criteria = criteria.and("tagPairs").is(query.tag());
        }
        criteria = Listings.text(criteria, query.text());
        List<DatasetView> found = mongo.find(Query.query(criteria).with(Sort.by("_id")).limit(query.limit() + 1), DatasetDocument.class)
                .stream().map(d -> new DatasetView(d.name(), d.description(), d.owner(), d.tags(), d.latestVersion(),
                                                   d.registeredAt(), d.registeredBy())).toList();
        Listings.Page<DatasetView> page = Listings.page(found, query.limit(), DatasetView::name);
        return new DatasetPage(page.items(), page.next());
    }

    @QueryHandler
    Optional<DatasetVersionView> handle(FindDatasetVersion query) {
        return Optional.ofNullable(mongo.findById(id(query.datasetName(), query.version()), DatasetVersionDocument.class))
                       .map(d -> new DatasetVersionView(d.datasetName(), d.version(), d.uri(), d.sha256(), d.rowCount(),
                                                        d.schema(), d.containsPersonalData(), d.registeredAt(),
                                                        d.registeredBy()));
    }

    @QueryHandler
    DatasetConsumers handle(FindDatasetConsumers query) {
        UsageDocument usage = mongo.findById(id(query.datasetName(), query.version()), UsageDocument.class);
        return new DatasetConsumers(query.datasetName(), query.version(), usage == null ? List.of() : usage.modelVersions());
    }

    static String id(String datasetName, int version) {
        return datasetName + "/" + version;
    }
}
