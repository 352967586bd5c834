package io.modelledger.registry.promotion.query;

import io.modelledger.contracts.registry.PromotionApproved;
import io.modelledger.contracts.registry.PromotionCompleted;
import io.modelledger.contracts.registry.PromotionExpired;
import io.modelledger.contracts.registry.PromotionRejected;
import io.modelledger.contracts.registry.PromotionRequested;
import io.modelledger.registry.promotion.api.FindOverduePromotions;
import io.modelledger.registry.promotion.api.FindPromotion;
import io.modelledger.registry.promotion.api.ListPromotions;
import io.modelledger.registry.promotion.api.PromotionList;
import io.modelledger.registry.promotion.api.OverduePromotions;
import io.modelledger.registry.promotion.api.PromotionView;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/** Promotion requests of models and prompts and where they stand; keyed by promotion id, written idempotently. */
@Component
@ProcessingGroup(PromotionProjection.GROUP)
public class PromotionProjection {

    public static final String GROUP = "promotions";

    private final MongoTemplate mongo;

    public PromotionProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Document("registry_promotions")
    record PromotionDocument(@Id String promotionId, String subjectKind, String subjectName, int version, String alias, String requestedBy,
                             Instant requestedAt, Instant expiresAt, String status, List<String> approvers,
                             int requiredApprovals, List<String> reasons, Instant decidedAt, List<EvidenceRef> evidence,
                             Integer policyRevision) {
    }

    /** One satisfied requirement; a list, not a map, because suite names may hold '.' (a path to MongoDB). */
    record EvidenceRef(String suite, String eventId) {

        static List<EvidenceRef> of(Map<String, String> evidence) {
            return evidence.entrySet().stream().map(e -> new EvidenceRef(e.getKey(), e.getValue())).toList();
        }
    }

    @EventHandler
    void on(PromotionRequested event, @Timestamp Instant at) {
        mongo.upsert(byId(event.promotionId()), new Update().set("subjectKind", event.subjectKind())
                .set("subjectName", event.subjectName()).set("version", event.version())
                .set("alias", event.alias()).set("requestedBy", event.requestedBy()).set("requestedAt", at)
                .set("expiresAt", event.expiresAt()).set("requiredApprovals", event.requiredApprovals())
                .set("policyRevision", event.policyRevision())
                .set("evidence", EvidenceRef.of(event.evidence()))
                .setOnInsert("status", "pending").setOnInsert("approvers", List.of()).setOnInsert("reasons", List.of()),
                     PromotionDocument.class);
    }

    @EventHandler
    void on(PromotionApproved event) {
        mongo.upsert(byId(event.promotionId()), new Update().addToSet("approvers", event.approver()), PromotionDocument.class);
    }

    @EventHandler
    void on(PromotionRejected event, @Timestamp Instant at) {
        decide(event.promotionId(), "rejected", event.reasons(), at);
    }

    @EventHandler
    void on(PromotionCompleted event, @Timestamp Instant at) {
        decide(event.promotionId(), "completed", List.of(), at);
        if (!event.evidence().isEmpty()) {
            mongo.upsert(byId(event.promotionId()), new Update().set("evidence", EvidenceRef.of(event.evidence())), PromotionDocument.class);
        }
    }

    @EventHandler
    void on(PromotionExpired event, @Timestamp Instant at) {
        decide(event.promotionId(), "expired", List.of("no decision before " + at), at);
    }

    private void decide(String promotionId, String status, List<String> reasons, Instant at) {
        mongo.upsert(byId(promotionId), new Update().set("status", status).set("reasons", reasons).set("decidedAt", at),
                     PromotionDocument.class);
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(PromotionDocument.class);
    }

    @QueryHandler
    Optional<PromotionView> handle(FindPromotion query) {
        return Optional.ofNullable(mongo.findById(query.promotionId(), PromotionDocument.class))
                       .filter(d -> d.subjectName().equals(query.subjectName()) && d.subjectKind().equals(query.subjectKind()))
                       .map(PromotionProjection::view);
    }

    @QueryHandler
    OverduePromotions handle(FindOverduePromotions query) {
        return new OverduePromotions(mongo.find(Query.query(where("status").is("pending").and("expiresAt").lt(query.now())),
                                                PromotionDocument.class).stream().map(PromotionProjection::view).toList());
    }

    @QueryHandler
    PromotionList handle(ListPromotions query) {
        Query find = Query.query(where("status").is(query.status())).with(Sort.by(Sort.Direction.DESC, "requestedAt")).limit(query.limit());
        return new PromotionList(mongo.find(find, PromotionDocument.class).stream().map(PromotionProjection::view).toList());
    }

    private static PromotionView view(PromotionDocument d) {
        return new PromotionView(d.promotionId(), d.subjectKind(), d.subjectName(), d.version(), d.alias(), d.requestedBy(), d.requestedAt(),
                                 d.expiresAt(), d.status(), d.approvers(), d.requiredApprovals(), d.reasons(), d.decidedAt(),
                                 d.evidence() == null ? Map.of() : d.evidence().stream().collect(java.util.stream.Collectors.toMap(
                                         EvidenceRef::suite, EvidenceRef::eventId, (a, b) -> b, java.util.TreeMap::new)),
                                 d.policyRevision());
    }

    private static Query byId(String promotionId) {
        return Query.query(where("_id").is(promotionId));
    }
}
