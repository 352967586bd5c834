package io.modelledger.registry.model.query;

import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.contracts.registry.DeploymentRetired;
import io.modelledger.contracts.registry.DeploymentRolledBack;
import io.modelledger.contracts.registry.Lineage;
import io.modelledger.contracts.registry.ModelAliasAssigned;
import io.modelledger.contracts.registry.ModelArchived;
import io.modelledger.contracts.registry.ModelDetailsChanged;
import io.modelledger.contracts.registry.ModelRestored;
import io.modelledger.contracts.registry.ModelVersionDeprecated;
import io.modelledger.contracts.registry.ModelRegistered;
import io.modelledger.contracts.registry.ModelVersionDeployed;
import io.modelledger.contracts.registry.ModelVersionRef;
import io.modelledger.contracts.registry.PromotionPolicyDefined;
import io.modelledger.contracts.registry.Subjects;
import io.modelledger.contracts.registry.TrafficSplit;
import io.modelledger.registry.Listings;
import io.modelledger.registry.model.api.FindAliasHistory;
import io.modelledger.registry.model.api.FindLineage;
import io.modelledger.registry.model.api.FindModel;
import io.modelledger.registry.model.api.FindModelVersion;
import io.modelledger.registry.model.api.ListModelVersions;
import io.modelledger.registry.model.api.ListModels;
import io.modelledger.registry.model.api.ModelFilter;
import io.modelledger.registry.model.api.ModelId;
import io.modelledger.registry.model.api.ModelPage;
import io.modelledger.registry.model.api.ModelVersionPage;
import io.modelledger.registry.model.api.ModelVersionView;
import io.modelledger.registry.model.api.ModelView;
import io.modelledger.registry.model.api.VersionFilter;
import io.modelledger.registry.model.api.AliasChange;
import io.modelledger.registry.model.api.AliasHistory;
import io.modelledger.registry.model.api.LineageView;
import io.modelledger.registry.model.api.PolicyView;
import io.modelledger.contracts.registry.ModelVersionRegistered;
import io.modelledger.platform.projection.BatchedWrites;
import io.modelledger.platform.projection.ProjectionFailures;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
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
 * without holes, so a page of versions is an exact {@code _id $in} lookup, not a range scan. Handlers only
 * write, so their writes go out once per batch of events ({@link BatchedWrites}).
 */
@Component
@ProcessingGroup(ModelCatalogProjection.GROUP)
public class ModelCatalogProjection {

    public static final String GROUP = "model-catalog";
    static final String MODELS = "registry_models";
    static final String VERSIONS = "registry_model_versions";
    static final String ALIAS_HISTORY = "registry_alias_history";
    /** How a model aggregate's identifier begins ({@code ModelId}'s string form). */
    private static final String MODEL_AGGREGATE = new ModelId("").toString();

    private final MongoTemplate mongo;
    private final EventStore events;
    private final BatchedWrites writes;

    public ModelCatalogProjection(MongoTemplate mongo, EventStore events, ProjectionFailures failures) {
        this.mongo = mongo;
        this.events = events;
        this.writes = new BatchedWrites(mongo, failures, GROUP);
    }

    @Document(MODELS)
    record ModelDocument(@Id String name, String description, Map<String, String> tags, int latestVersion,
                         Instant registeredAt, String registeredBy, Map<String, Integer> aliases,
                         Map<String, PolicyView> policies, Map<String, List<TrafficSplit>> deployments, String ownerTeam,
                         String taskType, String riskTier, boolean archived, List<String> tagPairs, Long revision) {
    }

    @Document(VERSIONS)
    record VersionDocument(@Id String id, String modelName, int version, String artifactUri, String sha256,
                           String framework, Map<String, String> tags, Instant registeredAt, String registeredBy,
                           Long sizeBytes, Map<String, Object> inputSchema, Map<String, Object> outputSchema,
                           Map<String, Object> hyperParameters, Map<String, Double> trainingMetrics, Lineage lineage,
                           String notes, boolean deprecated, String deprecationReason) {
    }

    @Document(ALIAS_HISTORY)
    record AliasHistoryDocument(@Id String eventId, String modelName, String alias, int version, Integer previousVersion,
                                String promotionId, Instant at, String actor) {
    }

    @EventHandler
    void on(ModelRegistered event, EventMessage<?> message, @Timestamp Instant at, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        Update update = new Update().set("description", event.description())
                                    .set("tags", event.tags())
                                    .set("tagPairs", Listings.tagPairs(event.tags()))
                                    .set("ownerTeam", event.ownerTeam())
                                    .set("taskType", event.taskType())
                                    .set("riskTier", event.riskTier())
                                    .set("archived", false)
                                    .set("registeredAt", at)
                                    .set("registeredBy", actor)
                                    .max("latestVersion", 0);
        upsertModel(event.modelName(), update, message);
    }

    @EventHandler
    void on(ModelVersionRegistered event, EventMessage<?> message, @Timestamp Instant at,
            @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        VersionDocument version = new VersionDocument(versionId(event.modelName(), event.version()), event.modelName(),
                                                      event.version(), event.artifactUri(), event.sha256(),
                                                      event.framework(), event.tags(), at, actor, event.sizeBytes(),
                                                      event.inputSchema(), event.outputSchema(), event.hyperParameters(),
                                                      event.trainingMetrics(), event.lineage(), event.notes(), false, null);
        writes.replace(Query.query(where("_id").is(version.id())), version);
        upsertModel(event.modelName(), new Update().max("latestVersion", event.version()), message);
    }

    @EventHandler
    void on(ModelDetailsChanged event, EventMessage<?> message) {
        upsertModel(event.modelName(), new Update().set("description", event.description()).set("ownerTeam", event.ownerTeam())
                                         .set("riskTier", event.riskTier()).set("tags", event.tags())
                                         .set("tagPairs", Listings.tagPairs(event.tags())), message);
    }

    @EventHandler
    void on(ModelArchived event, EventMessage<?> message) {
        upsertModel(event.modelName(), new Update().set("archived", true), message);
    }

    @EventHandler
    void on(ModelRestored event, EventMessage<?> message) {
        upsertModel(event.modelName(), new Update().set("archived", false), message);
    }

    @EventHandler
    void on(ModelVersionDeprecated event, EventMessage<?> message) {
        writes.upsert(Query.query(where("_id").is(versionId(event.modelName(), event.version()))),
                      new Update().set("deprecated", true).set("deprecationReason", event.reason()), VersionDocument.class);
        if (message instanceof DomainEventMessage<?> domain) {
            onModelEvent(domain);
        }
    }

    /**
     * Every other event of a model aggregate (the promotion and policy-change steps this read model does not
     * show) still moves the model's revision, so the revision is always the aggregate's own version. It takes the
     * message only, so the events of other aggregates pass without their payload being deserialized.
     */
    @EventHandler
    void onModelEvent(DomainEventMessage<?> message) {
        if (message.getAggregateIdentifier().startsWith(MODEL_AGGREGATE)) {
            String name = message.getAggregateIdentifier().substring(MODEL_AGGREGATE.length());
            writes.updateFirst(Query.query(where("_id").is(name)), revised(new Update(), name, message), ModelDocument.class);
        }
    }

    /** Applies {@code update} to the model's document (creating it if needed), raising its revision to this event's. */
    private void upsertModel(String modelName, Update update, EventMessage<?> message) {
        writes.upsert(Query.query(where("_id").is(modelName)), revised(update, modelName, message), ModelDocument.class);
    }

    /** The update, also raising the model's revision to this event's sequence number if it is the model's own. */
    private static Update revised(Update update, String modelName, EventMessage<?> message) {
        if (message instanceof DomainEventMessage<?> domain && domain.getAggregateIdentifier().equals(MODEL_AGGREGATE + modelName)) {
            update.max("revision", domain.getSequenceNumber());
        }
        return update;
    }


    @EventHandler
    void on(ModelAliasAssigned event, EventMessage<?> message, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        upsertModel(event.modelName(), new Update().set("aliases." + event.alias(), event.version()), message);
        writes.replace(Query.query(where("_id").is(message.getIdentifier())),
                       new AliasHistoryDocument(message.getIdentifier(), event.modelName(), event.alias(), event.version(),
                                                event.previousVersion(), event.promotionId(), message.getTimestamp(), actor));
    }

    @EventHandler
    void on(PromotionPolicyDefined event, EventMessage<?> message) {
        if (!Subjects.MODEL.equals(event.subjectKind())) {
            return;
        }
        upsertModel(event.subjectName(), new Update().set("policies." + event.alias(), new PolicyView(event.alias(), event.revision(),
                             event.requiredSuites(), event.requiredApprovals(), event.forbidSelfApproval(),
                             event.blockOnCriticalAlerts(), event.requestTtlSeconds(), event.canary(), event.maxCanaryPercent(),
                             event.requirements())), message);
    }

    @EventHandler
    void on(ModelVersionDeployed event, EventMessage<?> message) {
        setTraffic(event.modelName(), event.environment(), event.traffic(), message);
    }

    @EventHandler
    void on(DeploymentRolledBack event, EventMessage<?> message) {
        setTraffic(event.modelName(), event.environment(), event.to(), message);
    }

    @EventHandler
    void on(DeploymentRetired event, EventMessage<?> message) {
        upsertModel(event.modelName(), new Update().unset("deployments." + event.environment()), message);
    }

    private void setTraffic(String model, String environment, List<TrafficSplit> traffic, EventMessage<?> message) {
        upsertModel(model, new Update().set("deployments." + environment, traffic), message);
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(ModelDocument.class);
        mongo.dropCollection(VersionDocument.class);
        mongo.dropCollection(AliasHistoryDocument.class);
    }

    @QueryHandler
    AliasHistory handle(FindAliasHistory query) {
        List<AliasChange> changes = mongo.find(Query.query(where("modelName").is(query.modelName()).and("alias").is(query.alias())),
                                               AliasHistoryDocument.class).stream()
                .sorted(java.util.Comparator.comparing(AliasHistoryDocument::at))
                .map(d -> new AliasChange(d.version(), d.previousVersion(), d.promotionId(), d.at(), d.actor()))
                .toList();
        return new AliasHistory(query.modelName(), query.alias(), changes);
    }

    /**
     * What a version was built from, transitively: its datasets, and those of the model versions it was
     * fine-tuned from, each found by exact lookup.
     */
    @QueryHandler
    Optional<LineageView> handle(FindLineage query) {
        VersionDocument root = mongo.findById(versionId(query.modelName(), query.version()), VersionDocument.class);
        if (root == null) {
            return Optional.empty();
        }
        List<LineageView.UsedDataset> datasets = new java.util.ArrayList<>();
        List<ModelVersionRef> baseModels = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        VersionDocument current = root;
        while (current != null && seen.add(current.id())) {
            Lineage lineage = current.lineage() == null ? Lineage.none() : current.lineage();
            ModelVersionRef via = new ModelVersionRef(current.modelName(), current.version());
            lineage.trainingData().forEach(d -> datasets.add(new LineageView.UsedDataset(d.dataset(), d.version(), "training", via)));
            lineage.validationData().forEach(d -> datasets.add(new LineageView.UsedDataset(d.dataset(), d.version(), "validation", via)));
            ModelVersionRef base = lineage.baseModel();
            if (base == null) {
                break;
            }
            baseModels.add(base);
            current = mongo.findById(versionId(base.model(), base.version()), VersionDocument.class);
        }
        Lineage own = root.lineage() == null ? Lineage.none() : root.lineage();
        return Optional.of(new LineageView(root.modelName(), root.version(), datasets, baseModels, own.codeRepository(),
                                           own.codeCommit(), own.trainingRunId()));
    }

    @QueryHandler
    Optional<ModelView> handle(FindModel query) {
        return Optional.ofNullable(mongo.findById(query.name(), ModelDocument.class)).map(d -> view(d, revision(d)));
    }

    @QueryHandler
    ModelPage handle(ListModels query) {
        Criteria criteria = Listings.after(query.after());
        ModelFilter filter = query.filter() == null ? ModelFilter.NONE : query.filter();
        if (filter.ownerTeam() != null) {
            criteria = criteria.and("ownerTeam").is(filter.ownerTeam());
        }
        if (filter.riskTier() != null) {
            criteria = criteria.and("riskTier").is(filter.riskTier());
        }
        if (filter.taskType() != null) {
            criteria = criteria.and("taskType").is(filter.taskType());
        }
        if (filter.tag() != null) {
            criteria = criteria.and("tagPairs").is(filter.tag());
        }
        if (filter.alias() != null) {
            criteria = criteria.and("aliases." + filter.alias()).exists(true);
        }
        if (!filter.includeArchived()) {
            criteria = criteria.and("archived").ne(true);
        }
        criteria = Listings.text(criteria, filter.text());
        List<ModelView> models = mongo.find(Query.query(criteria).with(Sort.by("_id")).limit(query.limit() + 1),
                                            ModelDocument.class)
                                      .stream().map(d -> view(d, d.revision() == null ? 0 : d.revision())).toList(); // no ETag in a list
        Listings.Page<ModelView> page = Listings.page(models, query.limit(), ModelView::name);
        return new ModelPage(page.items(), page.next());
    }

    @QueryHandler
    Optional<ModelVersionView> handle(FindModelVersion query) {
        return Optional.ofNullable(mongo.findById(versionId(query.modelName(), query.version()), VersionDocument.class))
                       .map(ModelCatalogProjection::view);
    }

    @QueryHandler
    ModelVersionPage handle(ListModelVersions query) {
        ModelDocument model = mongo.findById(query.modelName(), ModelDocument.class);
        if (model == null) {
            return new ModelVersionPage(List.of(), null);
        }
        // versions are numbered without holes: read windows of exact ids and filter, until the page is full
        VersionFilter filter = query.filter() == null ? VersionFilter.NONE : query.filter();
        List<ModelVersionView> page = new java.util.ArrayList<>();
        int scanned = query.after();
        while (page.size() < query.limit() && scanned < model.latestVersion()) {
            int from = scanned + 1;
            int to = Math.min(model.latestVersion(), scanned + Math.max(query.limit(), 50));
            List<String> ids = IntStream.rangeClosed(from, to).mapToObj(v -> versionId(query.modelName(), v)).toList();
            List<VersionDocument> window = mongo.find(Query.query(where("_id").in(ids)), VersionDocument.class).stream()
                    .sorted(java.util.Comparator.comparingInt(VersionDocument::version)).toList();
            for (VersionDocument version : window) {
                scanned = version.version();
                if (filter.matches(version.tags(), version.framework(), version.deprecated())) {
                    page.add(view(version));
                    if (page.size() == query.limit()) {
                        break;
                    }
                }
            }
            scanned = page.size() == query.limit() ? scanned : Math.max(scanned, to);
        }
        return new ModelVersionPage(page, scanned < model.latestVersion() ? String.valueOf(scanned) : null);
    }

    static String versionId(String modelName, int version) {
        return modelName + "/" + version;
    }

    private static ModelView view(ModelDocument d, long revision) {
        return new ModelView(d.name(), d.description(), d.tags(), d.latestVersion(), d.registeredAt(), d.registeredBy(),
                             d.aliases() == null ? Map.of() : d.aliases(), d.policies() == null ? Map.of() : d.policies(),
                             d.deployments() == null ? Map.of() : d.deployments(), d.ownerTeam(), d.taskType(),
                             d.riskTier(), d.archived(), revision);
    }

    /**
     * The aggregate version the document reflects. A document written before the catalog kept revisions has none
     * until its model's next event: the catalog is current for it, so the model's version in the store is its own.
     */
    private long revision(ModelDocument d) {
        return d.revision() != null ? d.revision() : events.lastSequenceNumberFor(new ModelId(d.name()).toString()).orElse(0L);
    }

    private static ModelVersionView view(VersionDocument d) {
        return new ModelVersionView(d.modelName(), d.version(), d.artifactUri(), d.sha256(), d.framework(), d.tags(),
                                    d.registeredAt(), d.registeredBy(), d.sizeBytes(), d.inputSchema(), d.outputSchema(),
                                    d.hyperParameters(), d.trainingMetrics(), d.lineage(), d.notes(), d.deprecated(),
                                    d.deprecationReason());
    }
}
