package io.modelledger.registry.governance;

import io.modelledger.contracts.registry.GuardPolicyChangeDecided;
import io.modelledger.contracts.registry.GuardPolicyChangeRequested;
import io.modelledger.contracts.registry.GuardPolicyDefined;
import io.modelledger.contracts.registry.GuardRule;
import io.modelledger.contracts.registry.PolicyChangeApproved;
import io.modelledger.contracts.registry.PolicyChangeExpired;
import io.modelledger.contracts.registry.PolicyChangeRejected;
import io.modelledger.contracts.registry.PolicyChangeRequested;
import io.modelledger.contracts.registry.PromotionApproved;
import io.modelledger.contracts.registry.PromotionCompleted;
import io.modelledger.contracts.registry.PromotionExpired;
import io.modelledger.contracts.registry.PromotionPolicyDefined;
import io.modelledger.contracts.registry.PromotionRejected;
import io.modelledger.contracts.registry.PromotionRequested;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateLifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What every aggregate with protected aliases shares (models, prompts): the {@link AliasGovernance} it delegates
 * to, kept up to date from the promotion and policy events in its stream, and its runtime guard policies
 * ({@link GuardPolicies}, created on first use: aggregates and snapshots from before guard policies have none).
 */
public abstract class GovernedAggregate {

    protected AliasGovernance governance;
    private GuardPolicies guard;

    /** The guard policies to decide on; a subject without any gets an empty set that is not kept (only events change state). */
    protected GuardPolicies guard() {
        return guard != null ? guard : new GuardPolicies(governance.subjectKind(), governance.subjectName());
    }

    private GuardPolicies guardState() {
        if (guard == null) {
            guard = new GuardPolicies(governance.subjectKind(), governance.subjectName());
        }
        return guard;
    }

    /** Defines an environment's guard policy: at once, or (a protected environment's later revisions) pending a second admin. */
    protected AliasGovernance.PolicyOutcome defineGuard(String changeId, String environment, List<GuardRule> input, List<GuardRule> output,
                                                        String admin, Instant requestedAt, Duration changeTtl, GovernanceSettings settings,
                                                        DeadlineManager deadlines, String deadlineName) {
        return applyPolicy(guard().define(changeId, environment, input, output, admin, requestedAt, changeTtl,
                                          governance.protectsEnvironment(environment, settings)), deadlines, deadlineName);
    }

    /** A pending promotion or policy change of either kind, expired (by its deadline, {@code now} null, or by a sweep). */
    protected List<Object> expire(String id, Instant now) {
        List<Object> events = new java.util.ArrayList<>(governance.expire(id, now));
        events.addAll(guard().expire(id, now));
        return events;
    }

    protected static void applyAll(List<Object> events) {
        events.forEach(AggregateLifecycle::apply);
    }

    /** Applies a policy decision; a pending change gets its expiry deadline (none when {@code deadlines} is null). */
    protected static AliasGovernance.PolicyOutcome applyPolicy(AliasGovernance.PolicyDecision decision, DeadlineManager deadlines,
                                                               String deadlineName) {
        applyAll(decision.events());
        if (deadlines != null && "pending".equals(decision.outcome().status())) {
            deadlines.schedule(decision.outcome().expiresAt(), deadlineName, decision.outcome().changeId());
        }
        return decision.outcome();
    }

    @EventSourcingHandler
    void on(GuardPolicyDefined event) {
        guardState().on(event);
    }

    @EventSourcingHandler
    void on(GuardPolicyChangeRequested event) {
        guardState().on(event);
    }

    @EventSourcingHandler
    void on(GuardPolicyChangeDecided event) {
        guardState().on(event);
    }

    @EventSourcingHandler
    void on(PromotionPolicyDefined event) {
        governance.on(event);
    }

    @EventSourcingHandler
    void on(PolicyChangeRequested event) {
        governance.on(event);
    }

    @EventSourcingHandler
    void on(PolicyChangeApproved event) {
        governance.onPolicyChangeDecided(event.changeId());
    }

    @EventSourcingHandler
    void on(PolicyChangeRejected event) {
        governance.onPolicyChangeDecided(event.changeId());
    }

    @EventSourcingHandler
    void on(PolicyChangeExpired event) {
        governance.onPolicyChangeDecided(event.changeId());
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
