package io.modelledger.registry.governance;

import io.modelledger.contracts.registry.PromotionApproved;
import io.modelledger.contracts.registry.PromotionCompleted;
import io.modelledger.contracts.registry.PromotionExpired;
import io.modelledger.contracts.registry.PromotionPolicyDefined;
import io.modelledger.contracts.registry.PromotionRejected;
import io.modelledger.contracts.registry.PromotionRequested;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateLifecycle;

import java.util.List;

/**
 * What every aggregate with protected aliases shares (models, prompts): the {@link AliasGovernance} it delegates
 * to, kept up to date from the promotion events in its stream.
 */
public abstract class GovernedAggregate {

    protected AliasGovernance governance;

    protected static void applyAll(List<Object> events) {
        events.forEach(AggregateLifecycle::apply);
    }

    @EventSourcingHandler
    void on(PromotionPolicyDefined event) {
        governance.on(event);
    }

    @EventSourcingHandler
    void on(PromotionRequested event) {
        governance.on(event);
    }

    @EventSourcingHandler
    void on(PromotionApproved event) {
        governance.on(event);
    }

    @EventSourcingHandler
    void on(PromotionRejected event) {
        governance.onDecided(event.promotionId());
    }

    @EventSourcingHandler
    void on(PromotionCompleted event) {
        governance.onDecided(event.promotionId());
    }

    @EventSourcingHandler
    void on(PromotionExpired event) {
        governance.onDecided(event.promotionId());
    }
}
