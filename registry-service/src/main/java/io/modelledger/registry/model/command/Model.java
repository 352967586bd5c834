package io.modelledger.registry.model.command;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.contracts.registry.DeploymentRetired;
import io.modelledger.contracts.registry.DeploymentRolledBack;
import io.modelledger.contracts.registry.ModelAliasAssigned;
import io.modelledger.contracts.registry.ModelArchived;
import io.modelledger.contracts.registry.ModelDetailsChanged;
import io.modelledger.contracts.registry.ModelRestored;
import io.modelledger.contracts.registry.ModelVersionDeprecated;
import io.modelledger.contracts.registry.ModelRegistered;
import io.modelledger.contracts.registry.ModelVersionDeployed;
import io.modelledger.contracts.registry.ModelVersionRegistered;
import io.modelledger.contracts.registry.Subjects;
import io.modelledger.contracts.registry.TrafficSplit;
import io.modelledger.platform.domain.ConflictException;
import io.modelledger.platform.domain.NotFoundException;
import io.modelledger.registry.model.api.ApprovePolicyChange;
import io.modelledger.registry.model.api.ArchiveModel;
import io.modelledger.registry.model.api.ChangeModelDetails;
import io.modelledger.registry.model.api.DeprecateVersion;
import io.modelledger.registry.model.api.ExpirePromotion;
import io.modelledger.registry.model.api.ModelId;
import io.modelledger.registry.model.api.RegisterModel;
import io.modelledger.registry.model.api.RegisterModelVersion;
import io.modelledger.registry.model.api.RejectPolicyChange;
import io.modelledger.registry.model.api.DefineGuardPolicy;
import io.modelledger.registry.model.api.ApproveGuardPolicyChange;
import io.modelledger.registry.model.api.RejectGuardPolicyChange;
import io.modelledger.registry.model.api.RestoreModel;
import io.modelledger.registry.model.api.ApprovePromotion;
import io.modelledger.registry.model.api.AssignAlias;
import io.modelledger.registry.model.api.DefinePromotionPolicy;
import io.modelledger.registry.model.api.DeployVersion;
import io.modelledger.registry.model.api.RejectPromotion;
import io.modelledger.registry.model.api.RequestPromotion;
import io.modelledger.registry.model.api.RetireDeployment;
import io.modelledger.registry.model.api.RollBackDeployment;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import io.modelledger.registry.governance.AliasGovernance;
import io.modelledger.registry.governance.GovernanceSettings;
import io.modelledger.registry.governance.GovernedAggregate;
import io.modelledger.registry.model.api.VersionDetails;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A named model: the numbering of its versions, its aliases, the policies protecting some of them, the
 * promotions that move those, and where its versions are deployed. One aggregate, so an alias move, the
 * promotion that allows it and the deployment rule that reads it are decided on one consistent state.
 */
// revision 2: canary grants, previous holders and split starts are state; revision 3: guard policies are state. A
// snapshot taken before either is not used (one without guard policies would let a protected environment's next guard
// policy pass as its first)
@org.axonframework.serialization.Revision("3")
@Aggregate(snapshotTriggerDefinition = "modelSnapshotTrigger", cache = "modelCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class Model extends GovernedAggregate {

    static final String EXPIRY = "promotion-expiry";

    @AggregateIdentifier
    private ModelId id;
    private int latestVersion;
    private boolean archived;
    private Set<Integer> deprecated = new java.util.TreeSet<>();
    private Map<String, List<TrafficSplit>> traffic = new HashMap<>();
    private Map<String, List<List<TrafficSplit>>> trafficHistory = new HashMap<>(); // per environment, oldest first
    private Map<String, Instant> trafficSince = new HashMap<>(); // per environment, when its current split began
    private Map<Integer, String> servingEndpoints = new HashMap<>();
    private Map<Integer, String> registrants = new HashMap<>();

    protected Model() {
        // for Axon
    }

    @CommandHandler
    public Model(RegisterModel command) {
        apply(new ModelRegistered(command.modelId().name(), command.description(), command.tags(), command.ownerTeam(),
                                  command.taskType(), command.riskTier()));
    }

    @CommandHandler
    public void handle(ChangeModelDetails command) {
        apply(new ModelDetailsChanged(id.name(), command.description(), command.ownerTeam(), command.riskTier(),
                                      command.tags()));
    }

    @CommandHandler
    public void handle(ArchiveModel command) {
        if (!archived) {
            apply(new ModelArchived(id.name()));
        }
    }

    @CommandHandler
    public void handle(RestoreModel command) {
        if (archived) {
            apply(new ModelRestored(id.name()));
        }
    }

    @CommandHandler
    public void handle(DeprecateVersion command) {
        requireVersion(command.version());
        if (deprecated.contains(command.version())) {
            throw new ConflictException("Version " + command.version() + " is already deprecated");
        }
        apply(new ModelVersionDeprecated(id.name(), command.version(), command.reason()));
    }

    /** Registers the next version, numbered 1, 2, 3… and returns its number. */
    @CommandHandler
    public int handle(RegisterModelVersion command) {
        requireActive();
        int version = latestVersion + 1;
        VersionDetails d = command.details() == null ? VersionDetails.none() : command.details();
        apply(new ModelVersionRegistered(id.name(), version, command.artifactUri(), command.sha256(), command.framework(),
                                         command.tags(), d.sizeBytes(), d.inputSchema(), d.outputSchema(),
                                         d.hyperParameters(), d.trainingMetrics(), d.lineage(), d.notes(),
                                         d.servingEndpoint()));
        return version;
    }

    @CommandHandler
    public void handle(AssignAlias command, GovernanceSettings settings) {
        requireActive();
        requireUsable(command.version());
        applyAll(governance.assign(command.alias(), command.version(), this::aliasMoved, settings));
    }

    @CommandHandler
    public AliasGovernance.PolicyOutcome handle(DefinePromotionPolicy command, @MetaDataValue(MetadataKeys.ACTOR) String actor,
                                                DeadlineManager deadlines) {
        return applyPolicy(governance.definePolicy(command.changeId(), command.alias(), command.terms(), actor,
                                                   command.requestedAt(), command.changeTtl()), deadlines, EXPIRY);
    }

    @CommandHandler
    public AliasGovernance.PolicyOutcome handle(ApprovePolicyChange command,
                                                @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        return applyPolicy(governance.approvePolicyChange(command.changeId(), actor, command.now()), null, EXPIRY);
    }

    @CommandHandler
    public AliasGovernance.PolicyOutcome handle(DefineGuardPolicy command, @MetaDataValue(MetadataKeys.ACTOR) String actor,
                                                DeadlineManager deadlines, GovernanceSettings settings) {
        return defineGuard(command.changeId(), command.environment(), command.input(), command.output(), actor, command.requestedAt(),
                           command.changeTtl(), settings, deadlines, EXPIRY);
    }

    @CommandHandler
    public AliasGovernance.PolicyOutcome handle(ApproveGuardPolicyChange command, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        return applyPolicy(guard().approve(command.environment(), command.changeId(), actor, command.now()), null, EXPIRY);
    }

    @CommandHandler
    public void handle(RejectGuardPolicyChange command, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        apply(guard().reject(command.environment(), command.changeId(), actor, command.reason()));
    }

    @CommandHandler
    public void handle(RejectPolicyChange command, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        apply(governance.rejectPolicyChange(command.changeId(), actor, command.reason()));
    }

    @CommandHandler
    public AliasGovernance.Outcome handle(RequestPromotion command, @MetaDataValue(MetadataKeys.ACTOR) String actor,
                                   DeadlineManager deadlines, GovernanceSettings settings) {
        requireActive();
        requireUsable(command.version());
        AliasGovernance.Decision decision = governance.request(command.promotionId(), command.version(), command.alias(),
                                                               actor, command.evidence(), servingEndpoints::get, registrants::get,
                                                               command.requestedAt(), this::aliasMoved, settings, trafficSince::get);
        applyAll(decision.events());
        if (decision.expiresAt() != null) {
            deadlines.schedule(decision.expiresAt(), EXPIRY, command.promotionId());
        }
        return decision.outcome();
    }

    @CommandHandler
    public AliasGovernance.Outcome handle(ApprovePromotion command, @MetaDataValue(MetadataKeys.ACTOR) String approver) {
        AliasGovernance.Decision decision = governance.approve(command.promotionId(), approver, command.evidence(),
                                                               servingEndpoints::get, registrants::get,
                                                               this::aliasMoved, trafficSince::get);
        applyAll(decision.events());
        return decision.outcome();
    }

    @CommandHandler
    public void handle(RejectPromotion command, @MetaDataValue(MetadataKeys.ACTOR) String approver) {
        apply(governance.reject(command.promotionId(), approver, command.reason()));
    }

    @DeadlineHandler(deadlineName = EXPIRY)
    void expire(String promotionId) {
        applyAll(expire(promotionId, null));
    }

    /** Expires the promotion if it is still open and overdue; otherwise nothing happens. */
    @CommandHandler
    public void handle(ExpirePromotion command) {
        applyAll(expire(command.promotionId(), command.now()));
    }

    private ModelAliasAssigned aliasMoved(String alias, int version, Integer previousVersion, String promotionId) {
        return new ModelAliasAssigned(id.name(), alias, version, previousVersion, promotionId);
    }

    @CommandHandler
    public List<TrafficSplit> handle(DeployVersion command, GovernanceSettings settings) {
        requireActive();
        requireUsable(command.version());
        if (command.percent() < 1 || command.percent() > 100) {
            throw new IllegalArgumentException("percent must be between 1 and 100");
        }
        String environment = command.environment();
        List<TrafficSplit> current = traffic.getOrDefault(environment, List.of());
        List<TrafficSplit> next;
        if (governance.protectsEnvironment(environment, settings)) {
            next = protectedSplit(command, current);
        } else if (command.percent() == 100) {
            next = List.of(new TrafficSplit(command.version(), 100));
        } else {
            TrafficSplit stable = current.stream().filter(t -> t.version() != command.version())
                                         .max(java.util.Comparator.comparingInt(TrafficSplit::percent))
                                         .orElseThrow(() -> new ConflictException(
                                                 "A canary needs a version already serving " + environment
                                                         + ": deploy one with 100 percent first"));
            next = List.of(new TrafficSplit(command.version(), command.percent()),
                           new TrafficSplit(stable.version(), 100 - command.percent()));
        }
        apply(new ModelVersionDeployed(id.name(), environment, command.version(), command.percent(), next));
        return next;
    }

    /**
     * The split of a protected environment (its alias is protected or has a policy): the version holding the alias serves
     * all of it; or, while it is rolled out, part of it beside the version it replaced; or all but the share of the version
     * granted a canary there ({@code <environment>-canary}, moved by promotion under its own policy), up to that policy's
     * maximum share. No other version serves it.
     */
    private List<TrafficSplit> protectedSplit(DeployVersion command, List<TrafficSplit> current) {
        String environment = command.environment();
        Integer holder = governance.holder(environment);
        if (Integer.valueOf(command.version()).equals(holder)) {
            if (command.percent() == 100) {
                return List.of(new TrafficSplit(command.version(), 100));
            }
            Integer previous = governance.previousHolder(environment);
            if (previous == null || current.stream().noneMatch(t -> t.version() == previous && t.percent() > 0)) {
                throw new ConflictException("In " + environment + " the version holding its alias shares traffic only with the version "
                        + "it replaced, while that one still serves: deploy it with 100 percent");
            }
            return List.of(new TrafficSplit(command.version(), command.percent()), new TrafficSplit(previous, 100 - command.percent()));
        }
        String refusal = canaryRefusal(environment, command.version(), command.percent());
        if (refusal != null) {
            throw new ConflictException(refusal);
        }
        if (current.stream().noneMatch(t -> Integer.valueOf(t.version()).equals(holder))) {
            throw new ConflictException("A canary in " + environment + " runs beside the version holding '" + environment
                    + "': deploy that one first");
        }
        return List.of(new TrafficSplit(command.version(), command.percent()), new TrafficSplit(holder, 100 - command.percent()));
    }

    /** Why {@code version} may not serve {@code percent} of a protected environment beside its alias holder, or null. */
    private String canaryRefusal(String environment, int version, int percent) {
        String canaryAlias = AliasGovernance.canaryAlias(environment);
        if (!Integer.valueOf(version).equals(governance.grantedCanary(environment))) {
            return "Only the version holding the '" + environment + "' alias may be deployed to " + environment
                    + ", or as a canary a version granted '" + canaryAlias + "' by promotion";
        }
        Integer maxPercent = governance.maxCanaryPercent(environment);
        if (maxPercent == null) {
            return "The '" + canaryAlias + "' policy sets no maximum canary share: no canary may run in " + environment;
        }
        if (percent > maxPercent) {
            return "A canary in " + environment + " may serve at most " + maxPercent + " percent, not " + percent;
        }
        return null;
    }

    /** Why a whole split may not serve a protected environment now (a rollback restores one), or null. */
    private String splitRefusal(String environment, List<TrafficSplit> split) {
        Integer holder = governance.holder(environment);
        if (split.stream().noneMatch(t -> Integer.valueOf(t.version()).equals(holder))) {
            return "the split does not include version " + holder + ", which holds '" + environment + "'";
        }
        Integer previous = governance.previousHolder(environment);
        for (TrafficSplit t : split) {
            if (!Integer.valueOf(t.version()).equals(holder) && !Integer.valueOf(t.version()).equals(previous) && t.percent() > 0) {
                String refusal = canaryRefusal(environment, t.version(), t.percent());
                if (refusal != null) {
                    return refusal;
                }
            }
        }
        return null;
    }

    @CommandHandler
    public List<TrafficSplit> handle(RollBackDeployment command, GovernanceSettings settings) {
        List<List<TrafficSplit>> history = trafficHistory.get(command.environment());
        if (history == null || history.isEmpty()) {
            throw new ConflictException("There is no earlier deployment to roll back to in " + command.environment());
        }
        List<TrafficSplit> previous = history.getLast();
        if (governance.protectsEnvironment(command.environment(), settings)) {
            String refusal = splitRefusal(command.environment(), previous);
            if (refusal != null) {
                throw new ConflictException("The earlier split of " + command.environment() + " may not serve it now: " + refusal);
            }
        }
        apply(new DeploymentRolledBack(id.name(), command.environment(), traffic.get(command.environment()), previous));
        return previous;
    }

    @CommandHandler
    public void handle(RetireDeployment command) {
        List<TrafficSplit> current = traffic.get(command.environment());
        if (current == null || current.isEmpty()) {
            throw new NotFoundException(id.name() + " is not deployed to " + command.environment());
        }
        apply(new DeploymentRetired(id.name(), command.environment(), current));
    }

    private void requireActive() {
        if (archived) {
            throw new ConflictException("Model '" + id.name() + "' is archived: restore it first");
        }
    }

    private void requireUsable(int version) {
        requireVersion(version);
        if (deprecated.contains(version)) {
            throw new ConflictException("Version " + version + " of '" + id.name() + "' is deprecated");
        }
    }

    private void requireVersion(int version) {
        if (version < 1 || version > latestVersion) {
            throw new NotFoundException("Model '" + id.name() + "' has no version " + version);
        }
    }

    @EventSourcingHandler
    void on(ModelRegistered event) {
        this.id = new ModelId(event.modelName());
        this.governance = new AliasGovernance(Subjects.MODEL, event.modelName());
    }

    @EventSourcingHandler
    void on(ModelVersionRegistered event, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        this.latestVersion = event.version();
        if (actor != null) {
            registrants.put(event.version(), actor);
        }
        if (event.servingEndpoint() != null) {
            servingEndpoints.put(event.version(), event.servingEndpoint());
        }
    }

    @EventSourcingHandler
    void on(ModelArchived event) {
        archived = true;
    }

    @EventSourcingHandler
    void on(ModelRestored event) {
        archived = false;
    }

    @EventSourcingHandler
    void on(ModelVersionDeprecated event) {
        deprecated.add(event.version());
    }

    @EventSourcingHandler
    void on(ModelAliasAssigned event) {
        governance.onAliasAssigned(event.alias(), event.version(), event.promotionId());
    }

    @EventSourcingHandler
    void on(ModelVersionDeployed event, @org.axonframework.eventhandling.Timestamp Instant at) {
        trafficSince.put(event.environment(), at);
        List<TrafficSplit> previous = traffic.get(event.environment());
        if (previous != null) {
            trafficHistory.computeIfAbsent(event.environment(), e -> new ArrayList<>()).add(previous);
        }
        traffic.put(event.environment(), event.traffic());
    }

    @EventSourcingHandler
    void on(DeploymentRolledBack event, @org.axonframework.eventhandling.Timestamp Instant at) {
        trafficSince.put(event.environment(), at);
        List<List<TrafficSplit>> history = trafficHistory.get(event.environment());
        if (history != null && !history.isEmpty()) {
            history.removeLast();
        }
        traffic.put(event.environment(), event.to());
    }

    @EventSourcingHandler
    void on(DeploymentRetired event) {
        traffic.remove(event.environment());
        trafficHistory.remove(event.environment());
        trafficSince.remove(event.environment());
    }
}
