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
import io.modelledger.contracts.registry.PromotionApproved;
import io.modelledger.contracts.registry.PromotionCompleted;
import io.modelledger.contracts.registry.PromotionExpired;
import io.modelledger.contracts.registry.PromotionPolicyDefined;
import io.modelledger.contracts.registry.PromotionRejected;
import io.modelledger.contracts.registry.PromotionRequested;
import io.modelledger.contracts.registry.TrafficSplit;
import io.modelledger.platform.domain.ConflictException;
import io.modelledger.platform.domain.ForbiddenException;
import io.modelledger.platform.domain.NotFoundException;
import io.modelledger.registry.model.command.ModelCommands.ApprovePromotion;
import io.modelledger.registry.model.command.ModelCommands.AssignAlias;
import io.modelledger.registry.model.command.ModelCommands.DefinePromotionPolicy;
import io.modelledger.registry.model.command.ModelCommands.DeployVersion;
import io.modelledger.registry.model.command.ModelCommands.Evidence;
import io.modelledger.registry.model.command.ModelCommands.PromotionOutcome;
import io.modelledger.registry.model.command.ModelCommands.RejectPromotion;
import io.modelledger.registry.model.command.ModelCommands.RequestPromotion;
import io.modelledger.registry.model.command.ModelCommands.RetireDeployment;
import io.modelledger.registry.model.command.ModelCommands.RollBackDeployment;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A named model: the numbering of its versions, its aliases, the policies protecting some of them, the
 * promotions that move those, and where its versions are deployed. One aggregate, so an alias move, the
 * promotion that allows it and the deployment rule that reads it are decided on one consistent state.
 */
@Aggregate(snapshotTriggerDefinition = "modelSnapshotTrigger")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class Model {

    static final String EXPIRY = "promotion-expiry";
    static final String PRODUCTION = "production";

    @AggregateIdentifier
    private ModelId id;
    private int latestVersion;
    private boolean archived;
    private Set<Integer> deprecated = new java.util.TreeSet<>();
    private Map<String, Integer> aliases = new HashMap<>();
    private Map<String, PromotionPolicyDefined> policies = new HashMap<>();
    private Map<String, OpenPromotion> openPromotions = new HashMap<>();
    private Map<String, List<TrafficSplit>> traffic = new HashMap<>();
    private Map<String, List<List<TrafficSplit>>> trafficHistory = new HashMap<>(); // per environment, oldest first

    /** A promotion still waiting for approvals. */
    record OpenPromotion(int version, String alias, String requester, List<String> approvers, int requiredApprovals,
                         Instant expiresAt) {
    }

    protected Model() {
        // for Axon
    }

    @CommandHandler
    public Model(RegisterModel command) {
        apply(new ModelRegistered(command.modelId().name(), command.description(), command.tags(), command.ownerTeam(),
                                  command.taskType(), command.riskTier()));
    }

    @CommandHandler
    public void handle(ModelCommands.ChangeModelDetails command) {
        apply(new ModelDetailsChanged(id.name(), command.description(), command.ownerTeam(), command.riskTier(),
                                      command.tags()));
    }

    @CommandHandler
    public void handle(ModelCommands.ArchiveModel command) {
        if (!archived) {
            apply(new ModelArchived(id.name()));
        }
    }

    @CommandHandler
    public void handle(ModelCommands.RestoreModel command) {
        if (archived) {
            apply(new ModelRestored(id.name()));
        }
    }

    @CommandHandler
    public void handle(ModelCommands.DeprecateVersion command) {
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
        ModelCommands.VersionDetails d = command.details() == null ? ModelCommands.VersionDetails.none() : command.details();
        apply(new ModelVersionRegistered(id.name(), version, command.artifactUri(), command.sha256(), command.framework(),
                                         command.tags(), d.sizeBytes(), d.inputSchema(), d.outputSchema(),
                                         d.hyperParameters(), d.trainingMetrics(), d.lineage(), d.notes()));
        return version;
    }

    @CommandHandler
    public void handle(AssignAlias command) {
        requireActive();
        requireUsable(command.version());
        if (policies.containsKey(command.alias())) {
            throw new ConflictException("The alias '" + command.alias() + "' is protected by a promotion policy: request a promotion");
        }
        if (Integer.valueOf(command.version()).equals(aliases.get(command.alias()))) {
            return; // already there: nothing happened
        }
        apply(new ModelAliasAssigned(id.name(), command.alias(), command.version(), aliases.get(command.alias()), null));
    }

    @CommandHandler
    public int handle(DefinePromotionPolicy command) {
        if (command.requiredApprovals() < 0) {
            throw new IllegalArgumentException("requiredApprovals must not be negative");
        }
        PromotionPolicyDefined previous = policies.get(command.alias());
        int revision = previous == null ? 1 : previous.revision() + 1;
        apply(new PromotionPolicyDefined(id.name(), command.alias(), revision, command.requiredSuites(),
                                         command.requiredApprovals(), command.forbidSelfApproval(),
                                         command.blockOnCriticalAlerts(), command.requestTtl().toSeconds()));
        return revision;
    }

    @CommandHandler
    public PromotionOutcome handle(RequestPromotion command, @MetaDataValue(MetadataKeys.ACTOR) String actor,
                                   DeadlineManager deadlines) {
        requireActive();
        requireUsable(command.version());
        PromotionPolicyDefined policy = policies.get(command.alias());
        if (policy == null) {
            throw new ConflictException("The alias '" + command.alias() + "' is not protected: assign it directly");
        }
        if (Integer.valueOf(command.version()).equals(aliases.get(command.alias()))) {
            throw new ConflictException("Version " + command.version() + " already holds '" + command.alias() + "'");
        }
        var expiresAt = command.requestedAt().plusSeconds(policy.requestTtlSeconds());
        apply(new PromotionRequested(command.promotionId(), id.name(), command.version(), command.alias(), actor,
                                     policy.revision(), policy.requiredApprovals(), expiresAt));
        List<String> unmet = unmetEvidence(policy, command.version(), command.evidence());
        if (!unmet.isEmpty()) {
            List<String> reasons = new ArrayList<>(unmet);
            reasons.add("0 of " + policy.requiredApprovals() + " required approvals");
            apply(new PromotionRejected(command.promotionId(), id.name(), command.version(), command.alias(), reasons));
            return new PromotionOutcome(command.promotionId(), "rejected", 0, policy.requiredApprovals(), reasons);
        }
        if (policy.requiredApprovals() == 0) {
            complete(command.promotionId(), command.version(), command.alias());
            return new PromotionOutcome(command.promotionId(), "completed", 0, 0, List.of());
        }
        deadlines.schedule(expiresAt, EXPIRY, command.promotionId());
        return new PromotionOutcome(command.promotionId(), "pending", 0, policy.requiredApprovals(),
                                    List.of("0 of " + policy.requiredApprovals() + " required approvals"));
    }

    @CommandHandler
    public PromotionOutcome handle(ApprovePromotion command, @MetaDataValue(MetadataKeys.ACTOR) String approver) {
        OpenPromotion promotion = open(command.promotionId());
        PromotionPolicyDefined policy = policies.get(promotion.alias());
        if (policy.forbidSelfApproval() && approver.equals(promotion.requester())) {
            throw new ForbiddenException("The requester of a promotion may not approve it (four-eyes rule)");
        }
        if (promotion.approvers().contains(approver)) {
            throw new ConflictException(approver + " has already approved this promotion");
        }
        int approvals = promotion.approvers().size() + 1;
        apply(new PromotionApproved(command.promotionId(), id.name(), approver, approvals, promotion.requiredApprovals()));
        if (approvals < promotion.requiredApprovals()) {
            return new PromotionOutcome(command.promotionId(), "pending", approvals, promotion.requiredApprovals(),
                                        List.of(approvals + " of " + promotion.requiredApprovals() + " required approvals"));
        }
        List<String> unmet = unmetEvidence(policy, promotion.version(), command.evidence());
        if (!unmet.isEmpty()) {
            apply(new PromotionRejected(command.promotionId(), id.name(), promotion.version(), promotion.alias(), unmet));
            return new PromotionOutcome(command.promotionId(), "rejected", approvals, promotion.requiredApprovals(), unmet);
        }
        complete(command.promotionId(), promotion.version(), promotion.alias());
        return new PromotionOutcome(command.promotionId(), "completed", approvals, promotion.requiredApprovals(), List.of());
    }

    @CommandHandler
    public void handle(RejectPromotion command, @MetaDataValue(MetadataKeys.ACTOR) String approver) {
        OpenPromotion promotion = open(command.promotionId());
        apply(new PromotionRejected(command.promotionId(), id.name(), promotion.version(), promotion.alias(),
                                    List.of("rejected by " + approver + (command.reason() == null ? "" : ": " + command.reason()))));
    }

    @DeadlineHandler(deadlineName = EXPIRY)
    void expire(String promotionId) {
        OpenPromotion promotion = openPromotions.get(promotionId);
        if (promotion != null) {
            apply(new PromotionExpired(promotionId, id.name(), promotion.version(), promotion.alias()));
        }
    }

    /** Expires the promotion if it is still open and overdue; otherwise nothing happens. */
    @CommandHandler
    public void handle(ModelCommands.ExpirePromotion command) {
        OpenPromotion promotion = openPromotions.get(command.promotionId());
        if (promotion != null && promotion.expiresAt() != null && !command.now().isBefore(promotion.expiresAt())) {
            apply(new PromotionExpired(command.promotionId(), id.name(), promotion.version(), promotion.alias()));
        }
    }

    @CommandHandler
    public List<TrafficSplit> handle(DeployVersion command) {
        requireActive();
        requireUsable(command.version());
        if (command.percent() < 1 || command.percent() > 100) {
            throw new IllegalArgumentException("percent must be between 1 and 100");
        }
        String environment = command.environment();
        if (environment.equals(PRODUCTION) && !Integer.valueOf(command.version()).equals(aliases.get(PRODUCTION))) {
            throw new ConflictException("Only the version holding the 'production' alias may be deployed to production");
        }
        List<TrafficSplit> current = traffic.getOrDefault(environment, List.of());
        List<TrafficSplit> next;
        if (command.percent() == 100) {
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

    @CommandHandler
    public List<TrafficSplit> handle(RollBackDeployment command) {
        List<List<TrafficSplit>> history = trafficHistory.get(command.environment());
        if (history == null || history.isEmpty()) {
            throw new ConflictException("There is no earlier deployment to roll back to in " + command.environment());
        }
        List<TrafficSplit> previous = history.getLast();
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

    private void complete(String promotionId, int version, String alias) {
        apply(new PromotionCompleted(promotionId, id.name(), version, alias));
        apply(new ModelAliasAssigned(id.name(), alias, version, aliases.get(alias), promotionId));
    }

    private static List<String> unmetEvidence(PromotionPolicyDefined policy, int version, Evidence evidence) {
        Set<String> passed = evidence == null ? Set.of() : evidence.passedSuites();
        List<String> unmet = new ArrayList<>();
        for (String suite : policy.requiredSuites()) {
            if (!passed.contains(suite)) {
                unmet.add("no passing verdict of suite '" + suite + "' for version " + version);
            }
        }
        if (policy.blockOnCriticalAlerts() && evidence != null && evidence.openCriticalAlerts() > 0) {
            unmet.add(evidence.openCriticalAlerts() + " open critical alert(s) on the model");
        }
        return unmet;
    }

    private OpenPromotion open(String promotionId) {
        OpenPromotion promotion = openPromotions.get(promotionId);
        if (promotion == null) {
            throw new ConflictException("Promotion " + promotionId + " is not pending");
        }
        return promotion;
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
    }

    @EventSourcingHandler
    void on(ModelVersionRegistered event) {
        this.latestVersion = event.version();
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
        aliases.put(event.alias(), event.version());
    }

    @EventSourcingHandler
    void on(PromotionPolicyDefined event) {
        policies.put(event.alias(), event);
    }

    @EventSourcingHandler
    void on(PromotionRequested event) {
        openPromotions.put(event.promotionId(), new OpenPromotion(event.version(), event.alias(), event.requestedBy(),
                                                                  List.of(), event.requiredApprovals(), event.expiresAt()));
    }

    @EventSourcingHandler
    void on(PromotionApproved event) {
        openPromotions.computeIfPresent(event.promotionId(), (id, p) -> {
            Set<String> approvers = new LinkedHashSet<>(p.approvers());
            approvers.add(event.approver());
            return new OpenPromotion(p.version(), p.alias(), p.requester(), List.copyOf(approvers), p.requiredApprovals(),
                                     p.expiresAt());
        });
    }

    @EventSourcingHandler
    void on(PromotionRejected event) {
        openPromotions.remove(event.promotionId());
    }

    @EventSourcingHandler
    void on(PromotionCompleted event) {
        openPromotions.remove(event.promotionId());
    }

    @EventSourcingHandler
    void on(PromotionExpired event) {
        openPromotions.remove(event.promotionId());
    }

    @EventSourcingHandler
    void on(ModelVersionDeployed event) {
        List<TrafficSplit> previous = traffic.get(event.environment());
        if (previous != null) {
            trafficHistory.computeIfAbsent(event.environment(), e -> new ArrayList<>()).add(previous);
        }
        traffic.put(event.environment(), event.traffic());
    }

    @EventSourcingHandler
    void on(DeploymentRolledBack event) {
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
    }
}
