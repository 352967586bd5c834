package io.modelledger.registry.promotion.query;

import io.modelledger.contracts.registry.PromotionApproved;
import io.modelledger.contracts.registry.PromotionCompleted;
import io.modelledger.contracts.registry.PromotionExpired;
import io.modelledger.contracts.registry.PromotionRequested;
import io.modelledger.platform.test.ProjectionHarness;
import io.modelledger.registry.promotion.api.FindOverduePromotions;
import io.modelledger.registry.promotion.api.FindPromotion;
import io.modelledger.registry.promotion.api.PromotionView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Promotions on the Mongo wire server: their approvals, outcome and evidence, replayable, and the overdue ones for the sweeper. */
class PromotionProjectionIT {

    private static final Instant REQUESTED = Instant.parse("2026-11-30T08:00:00Z");

    private final ProjectionHarness harness = ProjectionHarness.of(PromotionProjection.class);
    private final PromotionProjection projection = new PromotionProjection(harness.mongo());

    @AfterEach
    void close() {
        harness.close();
    }

    private void events() {
        projection.on(new PromotionRequested("p-1", "model", "fraud", 2, "production", "user:alice", 1, 2, REQUESTED.plusSeconds(86_400),
                                             Map.of("qa", "e-1")), REQUESTED);
        projection.on(new PromotionApproved("p-1", "model", "fraud", "user:bob", 1, 2));
        projection.on(new PromotionApproved("p-1", "model", "fraud", "user:carol", 2, 2));
        projection.on(new PromotionCompleted("p-1", "model", "fraud", 2, "production", Map.of("qa", "e-7")), REQUESTED.plusSeconds(600));
        projection.on(new PromotionRequested("p-2", "prompt", "support", 3, "production", "user:alice", 1, 1, REQUESTED.plusSeconds(60),
                                             Map.of()), REQUESTED);
        projection.on(new PromotionRequested("p-3", "model", "fraud", 3, "production", "user:alice", 1, 1, REQUESTED.plusSeconds(60),
                                             Map.of()), REQUESTED);
        projection.on(new PromotionExpired("p-3", "model", "fraud", 3, "production"), REQUESTED.plusSeconds(120));
    }

    @Test
    void replayingThePromotionsRebuildsTheSameDocuments() {
        harness.assertReplayable(this::events, projection::reset);
    }

    @Test
    void aCompletedPromotionKeepsItsApproversAndTheEvidenceItWasDecidedOn() {
        events();
        PromotionView promotion = projection.handle(new FindPromotion("model", "fraud", "p-1")).orElseThrow();
        assertThat(promotion.status()).isEqualTo("completed");
        assertThat(promotion.approvers()).containsExactlyInAnyOrder("user:bob", "user:carol");
        assertThat(promotion.evidence()).containsExactly(Map.entry("qa", "e-7"));
        assertThat(promotion.policyRevision()).as("the policy revision it was requested under").isEqualTo(1);
        assertThat(projection.handle(new FindPromotion("prompt", "fraud", "p-1"))).as("the id alone does not find another subject's promotion").isEmpty();
        assertThat(projection.handle(new FindOverduePromotions(REQUESTED.plusSeconds(3600))).items()).extracting(PromotionView::promotionId)
                             .containsExactly("p-2");
    }
}
