package io.modelledger.registry.access.query;

import io.modelledger.contracts.access.ApiKeyIssuanceApproved;
import io.modelledger.contracts.access.ApiKeyIssuanceRequested;
import io.modelledger.contracts.access.ApiKeyRevoked;
import io.modelledger.registry.access.api.ApiKeyRequestList;
import io.modelledger.registry.access.api.ApiKeyRequestView;
import io.modelledger.registry.access.api.ListApiKeyRequests;
import io.modelledger.registry.access.api.ReadModels;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
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

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Requests for privileged keys (approver, admin) that a second admin decides: a read model of its own, apart from the
 * keys the gateway authenticates against, so that neither its replay nor its failure can touch a credential check.
 * Nothing records a request's lapse as an event (the key's aggregate refuses a late approval), so a pending request
 * past its deadline is answered as {@code expired}; one whose key was revoked before any approval is {@code withdrawn}.
 */
@Component
@ProcessingGroup(ReadModels.KEY_REQUESTS)
public class ApiKeyRequestProjection {

    private final MongoTemplate mongo;

    public ApiKeyRequestProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Document("registry_api_key_requests")
    record ApiKeyRequestDocument(@Id String keyId, String name, String owner, List<String> roles, Instant expiresAt, String requestedBy,
                                 Instant requestedAt, Instant requestExpiresAt, boolean approved, String approvedBy, Instant approvedAt,
                                 boolean withdrawn) {
    }

    @EventHandler
    void on(ApiKeyIssuanceRequested event, @Timestamp Instant at) {
        mongo.upsert(byId(event.keyId()), new Update().set("name", event.name()).set("owner", event.owner()).set("roles", event.roles())
                                                      .set("expiresAt", event.expiresAt()).set("requestedBy", event.requestedBy())
                                                      .set("requestedAt", at).set("requestExpiresAt", event.requestExpiresAt())
                                                      .setOnInsert("approved", false).setOnInsert("withdrawn", false),
                     ApiKeyRequestDocument.class);
    }

    @EventHandler
    void on(ApiKeyIssuanceApproved event, @Timestamp Instant at) {
        mongo.upsert(byId(event.keyId()), new Update().set("approved", true).set("approvedBy", event.approver()).set("approvedAt", at),
                     ApiKeyRequestDocument.class);
    }

    /** A key revoked while its request was pending: the request is withdrawn (the aggregate refuses its approval). */
    @EventHandler
    void on(ApiKeyRevoked event) {
        mongo.updateFirst(byId(event.keyId()), new Update().set("withdrawn", true), ApiKeyRequestDocument.class);
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(ApiKeyRequestDocument.class);
    }

    @QueryHandler
    ApiKeyRequestList handle(ListApiKeyRequests query) {
        Criteria status = switch (query.status()) {
            case "approved" -> where("approved").is(true);
            case "withdrawn" -> where("approved").is(false).and("withdrawn").is(true);
            case "expired" -> where("approved").is(false).and("withdrawn").ne(true).and("requestExpiresAt").lte(query.now());
            default -> where("approved").is(false).and("withdrawn").ne(true).and("requestExpiresAt").gt(query.now());
        };
        Query find = Query.query(status).with(Sort.by(Sort.Direction.DESC, "requestedAt")).limit(query.limit());
        return new ApiKeyRequestList(mongo.find(find, ApiKeyRequestDocument.class).stream().map(d -> view(d, query.now())).toList());
    }

    private static ApiKeyRequestView view(ApiKeyRequestDocument d, Instant now) {
        String status = d.approved() ? "approved" : d.withdrawn() ? "withdrawn" : now.isBefore(d.requestExpiresAt()) ? "pending" : "expired";
        return new ApiKeyRequestView(d.keyId(), d.name(), d.owner(), d.roles(), d.expiresAt(), d.requestedBy(), d.requestedAt(),
                                     d.requestExpiresAt(), status, d.approvedBy(), d.approvedAt());
    }

    private static Query byId(String keyId) {
        return Query.query(where("_id").is(keyId));
    }
}
