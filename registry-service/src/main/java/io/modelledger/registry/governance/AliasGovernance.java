package io.modelledger.registry.governance;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.modelledger.contracts.registry.PromotionApproved;
import io.modelledger.contracts.registry.PromotionCompleted;
import io.modelledger.contracts.registry.PromotionExpired;
import io.modelledger.contracts.registry.PromotionPolicyDefined;
import io.modelledger.contracts.registry.PromotionRejected;
import io.modelledger.contracts.registry.PromotionRequested;
import io.modelledger.platform.domain.ConflictException;
import io.modelledger.platform.domain.ForbiddenException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Aliases, the policies protecting some of them, and the promotions that move protected ones, for one
 * model or prompt. Held inside that aggregate, so an alias move and the promotion allowing it are decided
 * on one consistent state. Deciding methods return the events to apply, in order; the {@code on…} methods
 * evolve the state from applied events.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class AliasGovernance {

    /** Builds the subject's own alias-moved event (ModelAliasAssigned, PromptAliasAssigned). */
    public interface AliasEvents {
        Object assigned(String alias, int version, Integer previousVersion, String promotionId);
    }

    /** Verdicts and alerts as the registry knows them at the time of the command. */
    public record Evidence(Set<String> passedSuites, int openCriticalAlerts) {
    }

    /** Where a promotion stands after a command: {@code pending}, {@code completed} or {@code rejected}. */
    public record Outcome(String promotionId, String status, int approvals, int requiredApprovals, List<String> reasons) {
    }

    /** The events a decision produced and its outcome for the caller. */
    public record Decision(List<Object> events, Outcome outcome, Instant expiresAt) {
    }

    record OpenPromotion(int version, String alias, String requester, List<String> approvers, int requiredApprovals,
                         Instant expiresAt) {
    }

    private String subjectKind;
    private String subjectName;
    private Map<String, Integer> aliases = new HashMap<>();
    private Map<String, PromotionPolicyDefined> policies = new HashMap<>();
    private Map<String, OpenPromotion> openPromotions = new HashMap<>();

    protected AliasGovernance() {
        // for Jackson (snapshots)
    }

    public AliasGovernance(String subjectKind, String subjectName) {
        this.subjectKind = subjectKind;
        this.subjectName = subjectName;
    }

    public Integer holder(String alias) {
        return aliases.get(alias);
    }

    /** Moving an unprotected alias; nothing when it already points there. */
    public List<Object> assign(String alias, int version, AliasEvents events) {
        if (policies.containsKey(alias)) {
            throw new ConflictException("The alias '" + alias + "' is protected by a promotion policy: request a promotion");
        }
        if (Integer.valueOf(version).equals(aliases.get(alias))) {
            return List.of();
        }
        return List.of(events.assigned(alias, version, aliases.get(alias), null));
    }

    public PromotionPolicyDefined definePolicy(String alias, List<String> requiredSuites, int requiredApprovals,
                                               boolean forbidSelfApproval, boolean blockOnCriticalAlerts, Duration requestTtl) {
        if (requiredApprovals < 0) {
            throw new IllegalArgumentException("requiredApprovals must not be negative");
        }
        PromotionPolicyDefined previous = policies.get(alias);
        return new PromotionPolicyDefined(subjectKind, subjectName, alias, previous == null ? 1 : previous.revision() + 1,
                                          requiredSuites, requiredApprovals, forbidSelfApproval, blockOnCriticalAlerts,
                                          requestTtl.toSeconds());
    }

    /** A request: rejected at once with every unmet condition, completed if no approval is needed, or pending. */
    public Decision request(String promotionId, int version, String alias, String requester, Evidence evidence,
                            Instant requestedAt, AliasEvents aliasEvents) {
        PromotionPolicyDefined policy = policies.get(alias);
        if (policy == null) {
            throw new ConflictException("The alias '" + alias + "' is not protected: assign it directly");
        }
        if (Integer.valueOf(version).equals(aliases.get(alias))) {
            throw new ConflictException("Version " + version + " already holds '" + alias + "'");
        }
        Instant expiresAt = requestedAt.plusSeconds(policy.requestTtlSeconds());
        List<Object> events = new ArrayList<>();
        events.add(new PromotionRequested(promotionId, subjectKind, subjectName, version, alias, requester, policy.revision(),
                                          policy.requiredApprovals(), expiresAt));
        List<String> unmet = unmet(policy, version, evidence);
        if (!unmet.isEmpty()) {
            List<String> reasons = new ArrayList<>(unmet);
            reasons.add("0 of " + policy.requiredApprovals() + " required approvals");
            events.add(new PromotionRejected(promotionId, subjectKind, subjectName, version, alias, reasons));
            return new Decision(events, new Outcome(promotionId, "rejected", 0, policy.requiredApprovals(), reasons), null);
        }
        if (policy.requiredApprovals() == 0) {
            events.addAll(completion(promotionId, version, alias, aliasEvents));
            return new Decision(events, new Outcome(promotionId, "completed", 0, 0, List.of()), null);
        }
        return new Decision(events, new Outcome(promotionId, "pending", 0, policy.requiredApprovals(),
                                                List.of("0 of " + policy.requiredApprovals() + " required approvals")), expiresAt);
    }

    /** One approval; the last one re-checks the evidence and moves the alias. */
    public Decision approve(String promotionId, String approver, Evidence evidence, AliasEvents aliasEvents) {
        OpenPromotion promotion = open(promotionId);
        PromotionPolicyDefined policy = policies.get(promotion.alias());
        if (policy.forbidSelfApproval() && approver.equals(promotion.requester())) {
            throw new ForbiddenException("The requester of a promotion may not approve it (four-eyes rule)");
        }
        if (promotion.approvers().contains(approver)) {
            throw new ConflictException(approver + " has already approved this promotion");
        }
        int approvals = promotion.approvers().size() + 1;
        int required = promotion.requiredApprovals();
        List<Object> events = new ArrayList<>();
        events.add(new PromotionApproved(promotionId, subjectKind, subjectName, approver, approvals, required));
        if (approvals < required) {
            return new Decision(events, new Outcome(promotionId, "pending", approvals, required,
                                                    List.of(approvals + " of " + required + " required approvals")), null);
        }
        List<String> unmet = unmet(policy, promotion.version(), evidence);
        if (!unmet.isEmpty()) {
            events.add(new PromotionRejected(promotionId, subjectKind, subjectName, promotion.version(), promotion.alias(), unmet));
            return new Decision(events, new Outcome(promotionId, "rejected", approvals, required, unmet), null);
        }
        events.addAll(completion(promotionId, promotion.version(), promotion.alias(), aliasEvents));
        return new Decision(events, new Outcome(promotionId, "completed", approvals, required, List.of()), null);
    }

    public PromotionRejected reject(String promotionId, String approver, String reason) {
        OpenPromotion promotion = open(promotionId);
        return new PromotionRejected(promotionId, subjectKind, subjectName, promotion.version(), promotion.alias(),
                                     List.of("rejected by " + approver + (reason == null ? "" : ": " + reason)));
    }

    /** The expiry of a still-open promotion; nothing if it was decided, or if {@code now} is before its deadline. */
    public List<Object> expire(String promotionId, Instant now) {
        OpenPromotion promotion = openPromotions.get(promotionId);
        if (promotion == null || (now != null && promotion.expiresAt() != null && now.isBefore(promotion.expiresAt()))) {
            return List.of();
        }
        return List.of(new PromotionExpired(promotionId, subjectKind, subjectName, promotion.version(), promotion.alias()));
    }

    private List<Object> completion(String promotionId, int version, String alias, AliasEvents aliasEvents) {
        return List.of(new PromotionCompleted(promotionId, subjectKind, subjectName, version, alias),
                       aliasEvents.assigned(alias, version, aliases.get(alias), promotionId));
    }

    private List<String> unmet(PromotionPolicyDefined policy, int version, Evidence evidence) {
        Set<String> passed = evidence == null ? Set.of() : evidence.passedSuites();
        List<String> unmet = new ArrayList<>();
        for (String suite : policy.requiredSuites()) {
            if (!passed.contains(suite)) {
                unmet.add("no passing verdict of suite '" + suite + "' for version " + version);
            }
        }
        if (policy.blockOnCriticalAlerts() && evidence != null && evidence.openCriticalAlerts() > 0) {
            unmet.add(evidence.openCriticalAlerts() + " open critical alert(s) on the " + subjectKind);
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

    public void onAliasAssigned(String alias, int version) {
        aliases.put(alias, version);
    }

    public void on(PromotionPolicyDefined event) {
        policies.put(event.alias(), event);
    }

    public void on(PromotionRequested event) {
        openPromotions.put(event.promotionId(), new OpenPromotion(event.version(), event.alias(), event.requestedBy(), List.of(),
                                                                  event.requiredApprovals(), event.expiresAt()));
    }

    public void on(PromotionApproved event) {
        openPromotions.computeIfPresent(event.promotionId(), (id, p) -> {
            Set<String> approvers = new LinkedHashSet<>(p.approvers());
            approvers.add(event.approver());
            return new OpenPromotion(p.version(), p.alias(), p.requester(), List.copyOf(approvers), p.requiredApprovals(),
                                     p.expiresAt());
        });
    }

    public void onDecided(String promotionId) {
        openPromotions.remove(promotionId);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AliasGovernance that && java.util.Objects.equals(subjectKind, that.subjectKind)
                && java.util.Objects.equals(subjectName, that.subjectName) && aliases.equals(that.aliases)
                && policies.equals(that.policies) && openPromotions.equals(that.openPromotions);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(subjectKind, subjectName, aliases, policies, openPromotions);
    }
}
