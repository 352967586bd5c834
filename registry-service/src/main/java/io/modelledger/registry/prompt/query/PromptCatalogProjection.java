package io.modelledger.registry.prompt.query;

import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.registry.Listings;
import io.modelledger.contracts.registry.PromotionPolicyDefined;
import io.modelledger.contracts.registry.PromptAliasAssigned;
import io.modelledger.contracts.registry.PromptRegistered;
import io.modelledger.contracts.registry.PromptVersionRegistered;
import io.modelledger.contracts.registry.Subjects;
import io.modelledger.registry.prompt.api.AliasChange;
import io.modelledger.registry.prompt.api.FindPrompt;
import io.modelledger.registry.prompt.api.FindPromptAliasHistory;
import io.modelledger.registry.prompt.api.FindPromptVersion;
import io.modelledger.registry.prompt.api.ListPrompts;
import io.modelledger.registry.prompt.api.PromptAliasHistory;
import io.modelledger.registry.prompt.api.PromptPage;
import io.modelledger.registry.prompt.api.PromptVersionView;
import io.modelledger.registry.prompt.api.PromptView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/** Prompts, their versions and aliases with history; every write idempotent, keyed by name, name/version or event id. */
@Component
@ProcessingGroup(PromptCatalogProjection.GROUP)
public class PromptCatalogProjection {

    public static final String GROUP = "prompt-catalog";

    private final MongoTemplate mongo;

    public PromptCatalogProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Document("registry_prompts")
    record PromptDocument(@Id String name, String description, Map<String, String> tags, int latestVersion,
                          Map<String, Integer> aliases, Instant registeredAt, String registeredBy,
                          Map<String, Integer> protectedAliases, List<String> tagPairs) {
    }

    @Document("registry_prompt_versions")
    record PromptVersionDocument(@Id String id, String promptName, int version, String template, List<String> variables,
                                 String targetProvider, String targetModel, Map<String, Object> parameters,
                                 String commitMessage, Instant registeredAt, String registeredBy) {
    }

    @Document("registry_prompt_alias_history")
    record AliasChangeDocument(@Id String eventId, String promptName, String alias, int version, Integer previousVersion,
                               String promotionId, Instant at, String actor) {
    }

    @EventHandler
    void on(PromptRegistered event, @Timestamp Instant at, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        mongo.upsert(byId(event.promptName()), new Update().set("description", event.description()).set("tags", event.tags())
                .set("tagPairs", Listings.tagPairs(event.tags()))
                .set("registeredAt", at).set("registeredBy", actor).max("latestVersion", 0), PromptDocument.class);
    }

    @EventHandler
    void on(PromptVersionRegistered event, @Timestamp Instant at, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        PromptVersionDocument version = new PromptVersionDocument(event.promptName() + "/" + event.version(), event.promptName(),
                event.version(), event.template(), event.variables(), event.targetProvider(), event.targetModel(),
                event.parameters(), event.commitMessage(), at, actor);
        mongo.findAndReplace(byId(version.id()), version, FindAndReplaceOptions.options().upsert());
        mongo.upsert(byId(event.promptName()), new Update().max("latestVersion", event.version()), PromptDocument.class);
    }

    @EventHandler
    void on(PromptAliasAssigned event, EventMessage<?> message, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        mongo.upsert(byId(event.promptName()), new Update().set("aliases." + event.alias(), event.version()), PromptDocument.class);
        mongo.findAndReplace(byId(message.getIdentifier()), new AliasChangeDocument(message.getIdentifier(), event.promptName(),
                event.alias(), event.version(), event.previousVersion(), event.promotionId(), message.getTimestamp(), actor),
                             FindAndReplaceOptions.options().upsert());
    }

    /** Which aliases a policy protects (alias → policy revision). */
    @EventHandler
    void on(PromotionPolicyDefined event) {
        if (Subjects.PROMPT.equals(event.subjectKind())) {
            mongo.upsert(byId(event.subjectName()), new Update().set("protectedAliases." + event.alias(), event.revision()),
                         PromptDocument.class);
        }
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(PromptDocument.class);
        mongo.dropCollection(PromptVersionDocument.class);
        mongo.dropCollection(AliasChangeDocument.class);
    }

    @QueryHandler
    Optional<PromptView> handle(FindPrompt query) {
        return Optional.ofNullable(mongo.findById(query.name(), PromptDocument.class)).map(PromptCatalogProjection::view);
    }

    @QueryHandler
    PromptPage handle(ListPrompts query) {
        org.springframework.data.mongodb.core.query.Criteria criteria = Listings.after(query.after());
        if (query.tag() != null) {
            criteria = criteria.and("tagPairs").is(query.tag());
        }
        if (query.alias() != null) {
            criteria = criteria.and("aliases." + query.alias()).exists(true);
        }
        criteria = Listings.text(criteria, query.text());
        List<PromptView> found = mongo.find(Query.query(criteria).with(org.springframework.data.domain.Sort.by("_id"))
                                                 .limit(query.limit() + 1), PromptDocument.class)
                                      .stream().map(PromptCatalogProjection::view).toList();
        Listings.Page<PromptView> page = Listings.page(found, query.limit(), PromptView::name);
        return new PromptPage(page.items(), page.next());
    }

    private static PromptView view(PromptDocument d) {
        return new PromptView(d.name(), d.description(), d.tags(), d.latestVersion(), d.aliases() == null ? Map.of() : d.aliases(),
                              d.registeredAt(), d.registeredBy(), d.protectedAliases() == null ? Map.of() : d.protectedAliases());
    }

    @QueryHandler
    Optional<PromptVersionView> handle(FindPromptVersion query) {
        return Optional.ofNullable(mongo.findById(query.promptName() + "/" + query.version(), PromptVersionDocument.class))
                       .map(d -> new PromptVersionView(d.promptName(), d.version(), d.template(), d.variables(),
                                                       d.targetProvider(), d.targetModel(), d.parameters(), d.commitMessage(),
                                                       d.registeredAt(), d.registeredBy()));
    }

    @QueryHandler
    PromptAliasHistory handle(FindPromptAliasHistory query) {
        return new PromptAliasHistory(query.promptName(), query.alias(),
                mongo.find(Query.query(where("promptName").is(query.promptName()).and("alias").is(query.alias())),
                           AliasChangeDocument.class).stream()
                     .sorted(Comparator.comparing(AliasChangeDocument::at))
                     .map(d -> new AliasChange(d.version(), d.previousVersion(), d.promotionId(), d.at(), d.actor())).toList());
    }

    private static Query byId(String id) {
        return Query.query(where("_id").is(id));
    }
}
