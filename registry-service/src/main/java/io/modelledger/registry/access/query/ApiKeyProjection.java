package io.modelledger.registry.access.query;

import io.modelledger.registry.access.api.ReadModels;
import io.modelledger.contracts.access.ApiKeyIssued;
import io.modelledger.contracts.access.ApiKeyRevoked;
import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.registry.access.api.ApiKeyCredential;
import io.modelledger.registry.access.api.ApiKeyList;
import io.modelledger.registry.access.api.ApiKeyView;
import io.modelledger.registry.access.api.FindApiKeyCredential;
import io.modelledger.registry.access.api.ListApiKeys;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/** API keys by key id, for admins (without secrets) and for the gateway's credential checks. */
@Component
@ProcessingGroup(ReadModels.API_KEYS)
public class ApiKeyProjection {


    private final MongoTemplate mongo;

    public ApiKeyProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Document("registry_api_keys")
    record ApiKeyDocument(@Id String keyId, String name, String owner, List<String> roles, Instant expiresAt,
                          String secretSha256, Instant issuedAt, String issuedBy, boolean revoked, Instant revokedAt,
                          String revokedBy, String boundModel, String boundEnvironment) {
    }

    @EventHandler
    void on(ApiKeyIssued event, @Timestamp Instant at, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        Update update = new Update().set("name", event.name())
                                    .set("owner", event.owner())
                                    .set("roles", event.roles())
                                    .set("expiresAt", event.expiresAt())
                                    .set("secretSha256", event.secretSha256())
                                    .set("issuedAt", at)
                                    .set("issuedBy", actor)
                                    .set("boundModel", event.boundModel())
                                    .set("boundEnvironment", event.boundEnvironment())
                                    .setOnInsert("revoked", false);
        mongo.upsert(Query.query(where("_id").is(event.keyId())), update, ApiKeyDocument.class);
    }

    @EventHandler
    void on(ApiKeyRevoked event, @Timestamp Instant at, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        mongo.upsert(Query.query(where("_id").is(event.keyId())),
                     new Update().set("revoked", true).set("revokedAt", at).set("revokedBy", actor), ApiKeyDocument.class);
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(ApiKeyDocument.class);
    }

    @QueryHandler
    ApiKeyList handle(ListApiKeys query) {
        return new ApiKeyList(mongo.find(new Query().with(Sort.by("_id")), ApiKeyDocument.class).stream()
                .map(d -> new ApiKeyView(d.keyId(), d.name(), d.owner(), d.roles(), d.expiresAt(), d.issuedAt(),
                                         d.issuedBy(), d.revoked(), d.revokedAt(), d.revokedBy(), d.boundModel(), d.boundEnvironment()))
                .toList());
    }

    @QueryHandler
    Optional<ApiKeyCredential> handle(FindApiKeyCredential query) {
        return Optional.ofNullable(mongo.findById(query.keyId(), ApiKeyDocument.class))
                       .map(d -> new ApiKeyCredential(d.keyId(), d.secretSha256(), d.owner(), d.roles(), d.expiresAt(),
                                                      d.revoked(), d.boundModel(), d.boundEnvironment()));
    }
}
