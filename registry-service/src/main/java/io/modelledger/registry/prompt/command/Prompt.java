package io.modelledger.registry.prompt.command;

import io.modelledger.contracts.prompt.PromptTemplate;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.contracts.registry.PromptAliasAssigned;
import io.modelledger.contracts.registry.Subjects;
import io.modelledger.contracts.registry.PromptRegistered;
import io.modelledger.contracts.registry.PromptVersionRegistered;
import io.modelledger.platform.domain.FieldException;
import io.modelledger.platform.domain.NotFoundException;
import io.modelledger.registry.prompt.api.ApprovePromptPolicyChange;
import io.modelledger.registry.prompt.api.ApprovePromptPromotion;
import io.modelledger.registry.prompt.api.DefinePromptPromotionPolicy;
import io.modelledger.registry.prompt.api.ExpirePromptPromotion;
import io.modelledger.registry.prompt.api.PromptId;
import io.modelledger.registry.prompt.api.AssignPromptAlias;
import io.modelledger.registry.prompt.api.RegisterPrompt;
import io.modelledger.registry.prompt.api.RegisterPromptVersion;
import io.modelledger.registry.governance.AliasGovernance;
import io.modelledger.registry.governance.GovernanceSettings;
import io.modelledger.registry.governance.GovernedAggregate;
import io.modelledger.registry.prompt.api.RejectPromptPolicyChange;
import io.modelledger.registry.prompt.api.DefinePromptGuardPolicy;
import io.modelledger.registry.prompt.api.ApprovePromptGuardPolicyChange;
import io.modelledger.registry.prompt.api.RejectPromptGuardPolicyChange;
import io.modelledger.registry.prompt.api.RejectPromptPromotion;
import io.modelledger.registry.prompt.api.RequestPromptPromotion;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A named prompt: its immutable template versions, numbered 1, 2, 3…, its aliases and their promotions. */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class Prompt extends GovernedAggregate {

    static final String EXPIRY = "prompt-promotion-expiry";

    @AggregateIdentifier
    private PromptId id;
    private int latestVersion;
    private java.util.Map<Integer, String> registrants = new java.util.HashMap<>();

    protected Prompt() {
        // for Axon
    }

    @CommandHandler
    public Prompt(RegisterPrompt command) {
        apply(new PromptRegistered(command.promptId().name(), command.description(), command.tags()));
    }

    /** A version whose declared variables are exactly those its template uses (declared = used when omitted). */
    @CommandHandler
    public int handle(RegisterPromptVersion command) {
        List<String> used = PromptTemplate.variables(command.template());
        List<String> declared = command.variables() == null ? used : command.variables();
        if (!PromptTemplate.sorted(declared).equals(PromptTemplate.sorted(used))) {
            throw new FieldException("variables", "declared " + PromptTemplate.sorted(declared) + " but the template uses "
                    + PromptTemplate.sorted(used));
        }
        int version = latestVersion + 1;
        apply(new PromptVersionRegistered(id.name(), version, command.template(), used, command.targetProvider(),
                                          command.targetModel(), command.parameters(), command.commitMessage()));
        return version;
    }

    @CommandHandler
    public void handle(AssignPromptAlias command, GovernanceSettings settings) {
        requireVersion(command.version());
        applyAll(governance.assign(command.alias(), command.version(), this::aliasMoved, settings));
    }

    @CommandHandler
    public AliasGovernance.PolicyOutcome handle(DefinePromptPromotionPolicy command,
                                                @MetaDataValue(MetadataKeys.ACTOR) String actor, DeadlineManager deadlines) {
        return applyPolicy(governance.definePolicy(command.changeId(), command.alias(), command.terms(), actor,
                                                   command.requestedAt(), command.changeTtl()), deadlines, EXPIRY);
    }

    @CommandHandler
    public AliasGovernance.PolicyOutcome handle(ApprovePromptPolicyChange command,
                                                @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        return applyPolicy(governance.approvePolicyChange(command.changeId(), actor, command.now()), null, EXPIRY);
    }

    @CommandHandler
    public AliasGovernance.PolicyOutcome handle(DefinePromptGuardPolicy command, @MetaDataValue(MetadataKeys.ACTOR) String actor,
                                                DeadlineManager deadlines, GovernanceSettings settings) {
        return defineGuard(command.changeId(), command.environment(), command.input(), command.output(), actor, command.requestedAt(),
                           command.changeTtl(), settings, deadlines, EXPIRY);
    }

    @CommandHandler
    public AliasGovernance.PolicyOutcome handle(ApprovePromptGuardPolicyChange command, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        return applyPolicy(guard().approve(command.environment(), command.changeId(), actor, command.now()), null, EXPIRY);
    }

    @CommandHandler
    public void handle(RejectPromptGuardPolicyChange command, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        apply(guard().reject(command.environment(), command.changeId(), actor, command.reason()));
    }

    @CommandHandler
    public void handle(RejectPromptPolicyChange command, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        apply(governance.rejectPolicyChange(command.changeId(), actor, command.reason()));
    }

    @CommandHandler
    public AliasGovernance.Outcome handle(RequestPromptPromotion command,
                                          @MetaDataValue(MetadataKeys.ACTOR) String actor, DeadlineManager deadlines,
                                          GovernanceSettings settings) {
        requireVersion(command.version());
        AliasGovernance.Decision decision = governance.request(command.promotionId(), command.version(), command.alias(), actor,
                                                               command.evidence(), v -> null, registrants::get,
                                                               command.requestedAt(), this::aliasMoved, settings);
        applyAll(decision.events());
        if (decision.expiresAt() != null) {
            deadlines.schedule(decision.expiresAt(), EXPIRY, command.promotionId());
        }
        return decision.outcome();
    }

    @CommandHandler
    public AliasGovernance.Outcome handle(ApprovePromptPromotion command,
                                          @MetaDataValue(MetadataKeys.ACTOR) String approver) {
        AliasGovernance.Decision decision = governance.approve(command.promotionId(), approver, command.evidence(), v -> null,
                                                               registrants::get, this::aliasMoved);
        applyAll(decision.events());
        return decision.outcome();
    }

    @CommandHandler
    public void handle(RejectPromptPromotion command, @MetaDataValue(MetadataKeys.ACTOR) String approver) {
        apply(governance.reject(command.promotionId(), approver, command.reason()));
    }

    @CommandHandler
    public void handle(ExpirePromptPromotion command) {
        applyAll(expire(command.promotionId(), command.now()));
    }

    @DeadlineHandler(deadlineName = EXPIRY)
    void expire(String promotionId) {
        applyAll(expire(promotionId, null));
    }

    private PromptAliasAssigned aliasMoved(String alias, int version, Integer previousVersion, String promotionId) {
        return new PromptAliasAssigned(id.name(), alias, version, previousVersion, promotionId);
    }

    private void requireVersion(int version) {
        if (version < 1 || version > latestVersion) {
            throw new NotFoundException("Prompt '" + id.name() + "' has no version " + version);
        }
    }

    @EventSourcingHandler
    void on(PromptRegistered event) {
        id = new PromptId(event.promptName());
        governance = new AliasGovernance(Subjects.PROMPT, event.promptName());
    }

    @EventSourcingHandler
    void on(PromptVersionRegistered event, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        latestVersion = event.version();
        if (actor != null) {
            registrants.put(event.version(), actor);
        }
    }

    @EventSourcingHandler
    void on(PromptAliasAssigned event) {
        governance.onAliasAssigned(event.alias(), event.version());
    }

}
