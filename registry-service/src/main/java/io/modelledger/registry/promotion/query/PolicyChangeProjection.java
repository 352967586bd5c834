package io.modelledger.registry.promotion.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelledger.contracts.registry.GuardPolicyChangeDecided;
import io.modelledger.contracts.registry.GuardPolicyChangeRequested;
import io.modelledger.contracts.registry.PolicyChangeApproved;
import io.modelledger.contracts.registry.PolicyChangeExpired;
import io.modelledger.contracts.registry.PolicyChangeRejected;
import io.modelledger.contracts.registry.PolicyChangeRequested;
import io.modelledger.platform.axon.AxonJackson;
import io.modelledger.registry.promotion.api.FindPolicyChange;
import io.modelledger.registry.promotion.api.ListPolicyChanges;
import io.modelledger.registry.promotion.api.PolicyChangeList;
import io.modelledger.registry.promotion.api.PolicyChangeView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Changes of promotion and guard policies, the four-eyes requests an admin's inbox shows: who asked for what against
 * which revision, and what became of it. Keyed by change id and written idempotently. The requested terms are kept as
 * the JSON they were asked in, not as fields: a guard rule's JSON Schema may hold keys MongoDB refuses ({@code $ref}).
 */
@Component
@ProcessingGroup(PolicyChangeProjection.GROUP)
public class PolicyChangeProjection {

    public static final String GROUP = "policy-changes";

    private static final TypeReference<LinkedHashMap<String, Object>> TERMS = new TypeReference<>() {
    };

    /** The events' own JSON setup: the terms read back as the request gave them, whatever the web layer's Jackson does. */
    private final ObjectMapper json = AxonJackson.objectMapper();
    private final MongoTemplate mongo;

    public PolicyChangeProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Document("registry_policy_changes")
    record PolicyChangeDocument(@Id String changeId, String policy, String subjectKind, String subjectName, String target, int baseRevision,
                                String requestedBy, Instant requestedAt, Instant expiresAt, String status, String decidedBy, String reason,
                                Instant decidedAt, String terms) {
    }

    @EventHandler
    void on(PolicyChangeRequested event, @Timestamp Instant at) {
        Map<String, Object> terms = new LinkedHashMap<>();
        terms.put("requirements", event.requirements());
        terms.put("requiredApprovals", event.requiredApprovals());
        terms.put("forbidSelfApproval", event.forbidSelfApproval());
        terms.put("blockOnCriticalAlerts", event.blockOnCriticalAlerts());
        terms.put("requestTtlSeconds", event.requestTtlSeconds());
        terms.put("canary", event.canary());
        terms.put("maxCanaryPercent", event.maxCanaryPercent());
        requested(event.changeId(), "promotion", event.subjectKind(), event.subjectName(), event.alias(), event.baseRevision(),
                  event.requestedBy(), at, event.expiresAt(), terms);
    }

    @EventHandler
    void on(GuardPolicyChangeRequested event, @Timestamp Instant at) {
        Map<String, Object> terms = new LinkedHashMap<>();
        terms.put("input", event.input());
        terms.put("output", event.output());
        requested(event.changeId(), "guard", event.subjectKind(), event.subjectName(), event.environment(), event.baseRevision(),
                  event.requestedBy(), at, event.expiresAt(), terms);
    }

    @EventHandler
    void on(PolicyChangeApproved event, @Timestamp Instant at) {
        decide(event.changeId(), "approved", event.approver(), null, at);
    }

    @EventHandler
    void on(PolicyChangeRejected event, @Timestamp Instant at) {
        decide(event.changeId(), "rejected", event.rejectedBy(), event.reason(), at);
    }

    @EventHandler
    void on(PolicyChangeExpired event, @Timestamp Instant at) {
        decide(event.changeId(), "expired", null, null, at);
    }

    @EventHandler
    void on(GuardPolicyChangeDecided event, @Timestamp Instant at) {
        decide(event.changeId(), event.decision(), event.decidedBy(), event.reason(), at);
    }

    private void requested(String changeId, String policy, String subjectKind, String subjectName, String target, int baseRevision,
                           String requestedBy, Instant at, Instant expiresAt, Map<String, Object> terms) {
        String text;
        try {
            text = json.writeValueAsString(terms);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The terms of policy change " + changeId + " cannot be written as JSON", e);
        }
        mongo.upsert(byId(changeId), new Update().set("policy", policy).set("subjectKind", subjectKind).set("subjectName", subjectName)
                                                 .set("target", target).set("baseRevision", baseRevision).set("requestedBy", requestedBy)
                                                 .set("requestedAt", at).set("expiresAt", expiresAt).set("terms", text)
                                                 .setOnInsert("status", "pending"),
                     PolicyChangeDocument.class);
    }

    private void decide(String changeId, String status, String decidedBy, String reason, Instant at) {
        mongo.upsert(byId(changeId), new Update().set("status", status).set("decidedBy", decidedBy).set("reason", reason).set("decidedAt", at),
                     PolicyChangeDocument.class);
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(PolicyChangeDocument.class);
    }

    @QueryHandler
    PolicyChangeList handle(ListPolicyChanges query) {
        Query find = Query.query(where("status").is(query.status())).with(Sort.by(Sort.Direction.DESC, "requestedAt")).limit(query.limit());
        return new PolicyChangeList(mongo.find(find, PolicyChangeDocument.class).stream().map(this::view).toList());
    }

    @QueryHandler
    Optional<PolicyChangeView> handle(FindPolicyChange query) {
        return Optional.ofNullable(mongo.findById(query.changeId(), PolicyChangeDocument.class)).map(this::view);
    }

    private PolicyChangeView view(PolicyChangeDocument d) {
        Map<String, Object> terms;
        try {
            terms = d.terms() == null ? Map.of() : json.readValue(d.terms(), TERMS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The stored terms of policy change " + d.changeId() + " are not JSON", e);
        }
        return new PolicyChangeView(d.changeId(), d.policy(), d.subjectKind(), d.subjectName(), d.target(), d.baseRevision(), d.requestedBy(),
                                    d.requestedAt(), d.expiresAt(), d.status(), d.decidedBy(), d.reason(), d.decidedAt(), terms);
    }

    private static Query byId(String changeId) {
        return Query.query(where("_id").is(changeId));
    }
}
