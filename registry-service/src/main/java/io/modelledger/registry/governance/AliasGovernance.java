package io.modelledger.registry.governance;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.modelledger.contracts.monitor.CanaryAnalysisCompleted;
import io.modelledger.contracts.registry.CanaryRequirement;
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
import io.modelledger.contracts.registry.Subjects;
import io.modelledger.contracts.registry.SuiteRequirement;
import io.modelledger.platform.domain.ConflictException;
import io.modelledger.platform.domain.ForbiddenException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Aliases, the policies protecting some of them, the promotions that move protected ones and the
 * four-eyes changes of those policies, for one model or prompt. Held inside that aggregate, so an alias
 * move and the promotion allowing it are decided on one consistent state. Deciding methods return the
 * events to apply, in order; the {@code on…} methods evolve the state from applied events.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class AliasGovernance {

    /** Builds the subject's own alias-moved event (ModelAliasAssigned, PromptAliasAssigned). */
    public interface AliasEvents {
        Object assigned(String alias, int version, Integer previousVersion, String promotionId);
    }

    /**
     * Verdicts, alerts and the version's latest canary analysis per environment ({@code canaries}), as the registry
     * knows them at the time of the command.
     */
    public record Evidence(List<VerdictEvidence> verdicts, int openCriticalAlerts, Map<String, CanaryEvidence> canaries) {

        public Evidence {
            verdicts = verdicts == null ? List.of() : List.copyOf(verdicts);
            canaries = canaries == null ? Map.of() : Map.copyOf(canaries);
        }

        public Evidence(List<VerdictEvidence> verdicts, int openCriticalAlerts) {
            this(verdicts, openCriticalAlerts, null);
        }

        public static Evidence none() {
            return new Evidence(List.of(), 0);
        }
    }

    /**
     * The terms of a policy as an admin asks for them; {@code canary} and {@code maxCanaryPercent} as in
     * {@link PromotionPolicyDefined}.
     */
    public record PolicyTerms(List<SuiteRequirement> requirements, int requiredApprovals, boolean forbidSelfApproval,
                              boolean blockOnCriticalAlerts, Duration requestTtl, CanaryRequirement canary,
                              Integer maxCanaryPercent) {

        public PolicyTerms {
            requirements = requirements == null ? List.of() : List.copyOf(requirements);
        }

        public PolicyTerms(List<SuiteRequirement> requirements, int requiredApprovals, boolean forbidSelfApproval,
                           boolean blockOnCriticalAlerts, Duration requestTtl) {
            this(requirements, requiredApprovals, forbidSelfApproval, blockOnCriticalAlerts, requestTtl, null, null);
        }
    }

    /** The alias whose holder is granted to run as a canary in {@code environment}: {@code <environment>-canary}. */
    public static String canaryAlias(String environment) {
        return environment + CANARY_SUFFIX;
    }

    private static final String CANARY_SUFFIX = "-canary";

    /**
     * Whether an alias is closed until a policy exists: a configured protected alias, or the canary grant of a protected
     * environment (so a protected environment admits no canary before an admin has said what a canary there needs).
     */
    private boolean isProtected(String alias, GovernanceSettings settings) {
        return settings.protectedAliases().contains(alias)
                || alias.endsWith(CANARY_SUFFIX) && protectsEnvironment(alias.substring(0, alias.length() - CANARY_SUFFIX.length()), settings);
    }

    /** The version that held {@code alias} before its holder, or null. */
    public Integer previousHolder(String alias) {
        return previousHolders.get(alias);
    }

    /**
     * The version granted a canary in {@code environment}: the holder of its {@code <environment>-canary} alias, if a
     * promotion moved it there (an alias assigned directly, before the environment was protected, grants nothing).
     */
    public Integer grantedCanary(String environment) {
        String alias = canaryAlias(environment);
        return promotedBy.get(alias) == null ? null : aliases.get(alias);
    }

    /** Whether deployments to {@code environment} are governed: its alias is protected or has a policy. */
    public boolean protectsEnvironment(String environment, GovernanceSettings settings) {
        return settings.protectedAliases().contains(environment) || policies.containsKey(environment);
    }

    /** The largest share a granted canary may serve in {@code environment}, or null when no canary may run there. */
    public Integer maxCanaryPercent(String environment) {
        PromotionPolicyDefined grant = policies.get(canaryAlias(environment));
        // a revision defined before the share was capped may say more: the alias holder always keeps the larger part
        return grant == null || grant.maxCanaryPercent() == null ? null : Math.min(grant.maxCanaryPercent(), MAX_CANARY_PERCENT);
    }

    /** The largest share a canary may ever serve: the alias holder keeps the larger part. */
    public static final int MAX_CANARY_PERCENT = 49;

    /** Where a promotion stands after a command: {@code pending}, {@code completed} or {@code rejected}. */
    public record Outcome(String promotionId, String status, int approvals, int requiredApprovals, List<String> reasons,
                          Map<String, String> evidence) {

        public Outcome(String promotionId, String status, int approvals, int requiredApprovals, List<String> reasons) {
            this(promotionId, status, approvals, requiredApprovals, reasons, Map.of());
        }
    }

    /** The events a decision produced and its outcome for the caller. */
    public record Decision(List<Object> events, Outcome outcome, Instant expiresAt) {
    }

    /** Where a policy definition stands: {@code defined} (in force now), {@code pending}, {@code rejected} or {@code expired}. */
    public record PolicyOutcome(String status, String changeId, int revision, Instant expiresAt, String detail) {
    }

    /** The events of a policy decision and its outcome. */
    public record PolicyDecision(List<Object> events, PolicyOutcome outcome) {
    }

    record OpenPromotion(int version, String alias, String requester, List<String> approvers, int requiredApprovals,
                         Instant expiresAt) {
    }

    private String subjectKind;
    private String subjectName;
    private Map<String, Integer> aliases = new HashMap<>();
    /** Per alias, the promotion that last moved it (absent when it was assigned directly). */
    private Map<String, String> promotedBy = new HashMap<>();
    /** Per alias, the version that held it before its holder (absent when none did). */
    private Map<String, Integer> previousHolders = new HashMap<>();
    private Map<String, PromotionPolicyDefined> policies = new HashMap<>();
    private Map<String, OpenPromotion> openPromotions = new HashMap<>();
    private Map<String, PolicyChangeRequested> openPolicyChanges = new HashMap<>();

    protected AliasGovernance() {
        // for Jackson (snapshots)
    }

    public AliasGovernance(String subjectKind, String subjectName) {
        this.subjectKind = subjectKind;
        this.subjectName = subjectName;
    }

    public String subjectKind() {
        return subjectKind;
    }

    public String subjectName() {
        return subjectName;
    }

    public Integer holder(String alias) {
        return aliases.get(alias);
    }

    /** Moving an unprotected alias; nothing when it already points there. Protected ones move only by promotion. */
    public List<Object> assign(String alias, int version, AliasEvents events, GovernanceSettings settings) {
        if (policies.containsKey(alias)) {
            throw new ConflictException("The alias '" + alias + "' is protected by a promotion policy: request a promotion");
        }
        if (isProtected(alias, settings)) {
            throw new ConflictException("The alias '" + alias + "' is protected and has no promotion policy yet: "
                    + "an admin must define one before it can move");
        }
        if (Integer.valueOf(version).equals(aliases.get(alias))) {
            return List.of();
        }
        return List.of(events.assigned(alias, version, aliases.get(alias), null));
    }

    /**
     * The first policy of an alias takes effect at once; every later change, tightening included, is a
     * pending request that a different admin must approve before {@code requestedAt + ttl}.
     */
    public PolicyDecision definePolicy(String changeId, String alias, PolicyTerms terms, String admin, Instant requestedAt,
                                       Duration changeTtl) {
        if (terms.requiredApprovals() < 0) {
            throw new IllegalArgumentException("requiredApprovals must not be negative");
        }
        if (terms.maxCanaryPercent() != null && !alias.endsWith(CANARY_SUFFIX)) {
            throw new IllegalArgumentException("maxCanaryPercent: only the policy of a canary grant (an alias "
                    + "'<environment>-canary') sets a canary share");
        }
        if (terms.maxCanaryPercent() != null && (terms.maxCanaryPercent() < 1 || terms.maxCanaryPercent() > MAX_CANARY_PERCENT)) {
            throw new IllegalArgumentException("maxCanaryPercent must be between 1 and " + MAX_CANARY_PERCENT);
        }
        PromotionPolicyDefined current = policies.get(alias);
        if (current == null) {
            PromotionPolicyDefined defined = policy(alias, 1, terms.requirements(), terms.requiredApprovals(),
                    terms.forbidSelfApproval(), terms.blockOnCriticalAlerts(), terms.requestTtl().toSeconds(), terms.canary(),
                    terms.maxCanaryPercent());
            return new PolicyDecision(List.of(defined), new PolicyOutcome("defined", null, 1, null, "in force"));
        }
        for (PolicyChangeRequested open : openPolicyChanges.values()) {
            if (open.alias().equals(alias)) {
                throw new ConflictException("A change of the '" + alias + "' policy is already pending (" + open.changeId()
                        + "): approve, reject or let it expire first");
            }
        }
        Instant expiresAt = requestedAt.plus(changeTtl);
        PolicyChangeRequested requested = new PolicyChangeRequested(changeId, subjectKind, subjectName, alias, current.revision(),
                terms.requirements(), terms.requiredApprovals(), terms.forbidSelfApproval(), terms.blockOnCriticalAlerts(),
                terms.requestTtl().toSeconds(), admin, expiresAt, terms.canary(), terms.maxCanaryPercent());
        return new PolicyDecision(List.of(requested), new PolicyOutcome("pending", changeId, current.revision(), expiresAt,
                "a policy change takes effect when a second admin approves it"));
    }

    /** A second admin's approval of a pending policy change: the new revision is in force at once. */
    public PolicyDecision approvePolicyChange(String changeId, String admin, Instant now) {
        PolicyChangeRequested change = openChange(changeId);
        if (admin.equals(change.requestedBy())) {
            throw new ForbiddenException("The admin who asked for a policy change may not approve it (four-eyes rule)");
        }
        if (now != null && !now.isBefore(change.expiresAt())) {
            return new PolicyDecision(List.of(new PolicyChangeExpired(changeId, subjectKind, subjectName, change.alias())),
                                      new PolicyOutcome("expired", changeId, policies.get(change.alias()).revision(), null,
                                                        "the change expired at " + change.expiresAt()));
        }
        PromotionPolicyDefined current = policies.get(change.alias());
        if (current.revision() != change.baseRevision()) {
            throw new ConflictException("The policy changed since this change was asked for: ask again");
        }
        PromotionPolicyDefined defined = policy(change.alias(), current.revision() + 1, change.requirements(),
                change.requiredApprovals(), change.forbidSelfApproval(), change.blockOnCriticalAlerts(),
                change.requestTtlSeconds(), change.canary(), change.maxCanaryPercent());
        return new PolicyDecision(List.of(new PolicyChangeApproved(changeId, subjectKind, subjectName, change.alias(), admin), defined),
                                  new PolicyOutcome("defined", changeId, defined.revision(), null, "approved by " + admin));
    }

    public PolicyChangeRejected rejectPolicyChange(String changeId, String admin, String reason) {
        PolicyChangeRequested change = openChange(changeId);
        return new PolicyChangeRejected(changeId, subjectKind, subjectName, change.alias(), admin, reason);
    }

    private PromotionPolicyDefined policy(String alias, int revision, List<SuiteRequirement> requirements, int approvals,
                                          boolean forbidSelf, boolean blockOnAlerts, long ttlSeconds, CanaryRequirement canary,
                                          Integer maxCanaryPercent) {
        return new PromotionPolicyDefined(subjectKind, subjectName, alias, revision,
                                          requirements.stream().map(SuiteRequirement::suite).toList(), approvals, forbidSelf,
                                          blockOnAlerts, ttlSeconds, requirements, canary, maxCanaryPercent);
    }

    private PolicyChangeRequested openChange(String changeId) {
        PolicyChangeRequested change = openPolicyChanges.get(changeId);
        if (change == null) {
            throw new ConflictException("Policy change " + changeId + " is not pending");
        }
        return change;
    }

    /**
     * A request: rejected at once with every unmet condition, completed if no approval is needed, or pending.
     * {@code servingEndpoints} gives a model version's registered endpoint (null for prompts and for versions without one),
     * {@code registrants} who registered a version (their runs are not independent evidence for it either).
     */
    public Decision request(String promotionId, int version, String alias, String requester, Evidence evidence,
                            IntFunction<String> servingEndpoints, IntFunction<String> registrants, Instant requestedAt,
                            AliasEvents aliasEvents, GovernanceSettings settings) {
        return request(promotionId, version, alias, requester, evidence, servingEndpoints, registrants, requestedAt, aliasEvents, settings,
                       environment -> null);
    }

    /**
     * A request, where {@code splitSince} gives, per environment, when the traffic split it serves now began (null where
     * the subject is not deployed): a canary analysis from before it judged another split and counts for nothing.
     */
    public Decision request(String promotionId, int version, String alias, String requester, Evidence evidence,
                            IntFunction<String> servingEndpoints, IntFunction<String> registrants, Instant requestedAt,
                            AliasEvents aliasEvents, GovernanceSettings settings, java.util.function.Function<String, Instant> splitSince) {
        PromotionPolicyDefined policy = policies.get(alias);
        if (policy == null) {
            throw new ConflictException(isProtected(alias, settings)
                    ? "The alias '" + alias + "' is protected and has no promotion policy yet: an admin must define one before it can move"
                    : "The alias '" + alias + "' is not protected: assign it directly");
        }
        if (Integer.valueOf(version).equals(aliases.get(alias))) {
            throw new ConflictException("Version " + version + " already holds '" + alias + "'");
        }
        Instant expiresAt = requestedAt.plusSeconds(policy.requestTtlSeconds());
        Assessment assessment = assess(policy, version, requester, servingEndpoints.apply(version), registrants.apply(version),
                                       evidence, splitSince);
        List<Object> events = new ArrayList<>();
        events.add(new PromotionRequested(promotionId, subjectKind, subjectName, version, alias, requester, policy.revision(),
                                          policy.requiredApprovals(), expiresAt, assessment.satisfiedBy()));
        if (!assessment.unmet().isEmpty()) {
            List<String> reasons = new ArrayList<>(assessment.unmet());
            reasons.add("0 of " + policy.requiredApprovals() + " required approvals");
            events.add(new PromotionRejected(promotionId, subjectKind, subjectName, version, alias, reasons));
            return new Decision(events, new Outcome(promotionId, "rejected", 0, policy.requiredApprovals(), reasons), null);
        }
        if (policy.requiredApprovals() == 0) {
            events.addAll(completion(promotionId, version, alias, assessment.satisfiedBy(), aliasEvents));
            return new Decision(events, new Outcome(promotionId, "completed", 0, 0, List.of(), assessment.satisfiedBy()), null);
        }
        return new Decision(events, new Outcome(promotionId, "pending", 0, policy.requiredApprovals(),
                                                List.of("0 of " + policy.requiredApprovals() + " required approvals"),
                                                assessment.satisfiedBy()), expiresAt);
    }

    /** One approval; the last one re-checks the evidence (under the policy in force now) and moves the alias. */
    public Decision approve(String promotionId, String approver, Evidence evidence, IntFunction<String> servingEndpoints,
                            IntFunction<String> registrants, AliasEvents aliasEvents) {
        return approve(promotionId, approver, evidence, servingEndpoints, registrants, aliasEvents, environment -> null);
    }

    /** One approval, {@code splitSince} as for {@link #request}. */
    public Decision approve(String promotionId, String approver, Evidence evidence, IntFunction<String> servingEndpoints,
                            IntFunction<String> registrants, AliasEvents aliasEvents,
                            java.util.function.Function<String, Instant> splitSince) {
        OpenPromotion promotion = open(promotionId);
        PromotionPolicyDefined policy = policies.get(promotion.alias());
        if (policy.forbidSelfApproval() && approver.equals(promotion.requester())) {
            throw new ForbiddenException("The requester of a promotion may not approve it (four-eyes rule)");
        }
        if (promotion.approvers().contains(approver)) {
            throw new ConflictException(approver + " has already approved this promotion");
        }
        int approvals = promotion.approvers().size() + 1;
        int required = Math.max(promotion.requiredApprovals(), policy.requiredApprovals());
        List<Object> events = new ArrayList<>();
        events.add(new PromotionApproved(promotionId, subjectKind, subjectName, approver, approvals, required));
        if (approvals < required) {
            return new Decision(events, new Outcome(promotionId, "pending", approvals, required,
                                                    List.of(approvals + " of " + required + " required approvals")), null);
        }
        Assessment assessment = assess(policy, promotion.version(), promotion.requester(),
                                       servingEndpoints.apply(promotion.version()), registrants.apply(promotion.version()), evidence,
                                       splitSince);
        if (!assessment.unmet().isEmpty()) {
            events.add(new PromotionRejected(promotionId, subjectKind, subjectName, promotion.version(), promotion.alias(),
                                             assessment.unmet()));
            return new Decision(events, new Outcome(promotionId, "rejected", approvals, required, assessment.unmet()), null);
        }
        events.addAll(completion(promotionId, promotion.version(), promotion.alias(), assessment.satisfiedBy(), aliasEvents));
        return new Decision(events, new Outcome(promotionId, "completed", approvals, required, List.of(),
                                                assessment.satisfiedBy()), null);
    }

    public PromotionRejected reject(String promotionId, String approver, String reason) {
        OpenPromotion promotion = open(promotionId);
        return new PromotionRejected(promotionId, subjectKind, subjectName, promotion.version(), promotion.alias(),
                                     List.of("rejected by " + approver + (reason == null ? "" : ": " + reason)));
    }

    /** The expiry of a still-open promotion or policy change; nothing if it was decided, or if {@code now} is before its deadline. */
    public List<Object> expire(String id, Instant now) {
        PolicyChangeRequested change = openPolicyChanges.get(id);
        if (change != null) {
            return now != null && now.isBefore(change.expiresAt())
                    ? List.of() : List.of(new PolicyChangeExpired(id, subjectKind, subjectName, change.alias()));
        }
        OpenPromotion promotion = openPromotions.get(id);
        if (promotion == null || (now != null && promotion.expiresAt() != null && now.isBefore(promotion.expiresAt()))) {
            return List.of();
        }
        return List.of(new PromotionExpired(id, subjectKind, subjectName, promotion.version(), promotion.alias()));
    }

    private List<Object> completion(String promotionId, int version, String alias, Map<String, String> evidence,
                                    AliasEvents aliasEvents) {
        return List.of(new PromotionCompleted(promotionId, subjectKind, subjectName, version, alias, evidence),
                       aliasEvents.assigned(alias, version, aliases.get(alias), promotionId));
    }

    /** Every unmet condition, and per requirement the event id of the verdict that satisfies it. */
    record Assessment(List<String> unmet, Map<String, String> satisfiedBy) {
    }

    private Assessment assess(PromotionPolicyDefined policy, int version, String requester, String servingEndpoint,
                              String registrant, Evidence evidence, java.util.function.Function<String, Instant> splitSince) {
        Evidence known = evidence == null ? Evidence.none() : evidence;
        List<String> unmet = new ArrayList<>();
        Map<String, String> satisfiedBy = new LinkedHashMap<>();
        for (SuiteRequirement requirement : policy.requirements()) {
            List<VerdictEvidence> candidates = known.verdicts().stream()
                    .filter(v -> requirement.suite().equals(v.suiteName()))
                    .sorted(Comparator.comparing(VerdictEvidence::at, Comparator.nullsFirst(Comparator.naturalOrder())).reversed())
                    .toList();
            if (candidates.isEmpty()) {
                unmet.add("no verdict of suite '" + requirement.suite() + "' for version " + version);
                continue;
            }
            List<String> refusals = new ArrayList<>();
            VerdictEvidence accepted = null;
            for (VerdictEvidence verdict : candidates) {
                List<String> faults = faults(requirement, verdict, requester, servingEndpoint, registrant);
                if (faults.isEmpty()) {
                    accepted = verdict;
                    break;
                }
                refusals.add("run " + verdict.runId() + ": " + String.join("; ", faults));
            }
            if (accepted != null) {
                satisfiedBy.put(requirement.suite(), accepted.eventId());
            } else {
                unmet.add("no verdict of suite '" + requirement.suite() + "' for version " + version + " counts as evidence ("
                        + String.join(" | ", refusals) + ")");
            }
        }
        if (policy.canary() != null) {
            String environment = policy.canary().environment();
            CanaryEvidence analysis = known.canaries().get(environment);
            String key = "canary:" + environment;
            if (analysis == null) {
                unmet.add("no canary analysis of version " + version + " in " + environment);
            } else {
                List<String> faults = new ArrayList<>();
                Integer holder = aliases.get(environment);
                Instant since = splitSince.apply(environment);
                if (holder == null || analysis.primaryVersion() != holder) {
                    faults.add("compared with version " + analysis.primaryVersion() + ", not with " + (holder == null
                            ? "a holder of '" + environment + "' (none)" : "version " + holder + ", which holds '" + environment + "'"));
                }
                if (since == null || analysis.from() == null
                        || analysis.from().isBefore(since.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).minusSeconds(1))) {
                    faults.add("it judged an earlier traffic split than the one " + environment + " serves now");
                }
                if (CanaryAnalysisCompleted.WORSE.equals(analysis.outcome())) {
                    faults.add("candidate-worse (" + String.join(", ", analysis.worseMetrics()) + ")");
                } else if (CanaryAnalysisCompleted.INSUFFICIENT.equals(analysis.outcome())) {
                    faults.add("insufficient-data");
                }
                if (analysis.candidateRecords() < policy.canary().minRecords()) {
                    faults.add(analysis.candidateRecords() + " candidate record(s), fewer than the " + policy.canary().minRecords()
                            + " the policy needs");
                }
                if (faults.isEmpty()) {
                    satisfiedBy.put(key, analysis.eventId());
                } else {
                    unmet.add("canary analysis " + analysis.eventId() + " of version " + version + " in " + environment + ": "
                            + String.join("; ", faults));
                }
            }
        }
        if (policy.blockOnCriticalAlerts() && known.openCriticalAlerts() > 0) {
            unmet.add(known.openCriticalAlerts() + " open critical alert(s) on the " + subjectKind);
        }
        return new Assessment(unmet, unmet.isEmpty() ? satisfiedBy : Map.of());
    }

    private List<String> faults(SuiteRequirement requirement, VerdictEvidence verdict, String requester, String servingEndpoint,
                                String registrant) {
        List<String> faults = new ArrayList<>();
        if (requirement.suiteSha256() == null) {
            faults.add("the policy revision pins no suite version: an admin must redefine it");
        } else if (!requirement.suiteSha256().equals(verdict.suiteSha256())) {
            faults.add("suite version " + abbreviated(verdict.suiteSha256()) + " is not the pinned "
                    + abbreviated(requirement.suiteSha256()));
        }
        if (verdict.passed() == null) {
            faults.add("the suite gates on no metric, so the run has no verdict");
        } else if (!verdict.passed()) {
            faults.add("did not pass");
        }
        if ("predictions".equals(verdict.targetKind())) {
            if (!requirement.allowPredictions()) {
                faults.add("uploaded predictions are not accepted as evidence, only endpoint runs");
            }
        } else if (verdict.targetName() == null) {
            faults.add("ran against an ad-hoc target, not an admin-configured named target");
        } else if (Subjects.PROMPT.equals(subjectKind)) {
            if (!"openai".equals(verdict.targetKind())) {
                faults.add("ran against a " + verdict.targetKind() + " target, which does not render the prompt");
            }
        } else if (servingEndpoint == null) {
            faults.add("the version has no registered serving endpoint to check the run's target against");
        } else if (!servingEndpoint.equals(verdict.targetEndpoint())) {
            faults.add("ran against " + verdict.targetEndpoint() + ", not the version's serving endpoint " + servingEndpoint);
        }
        if (requirement.independent()) {
            if (verdict.startedBy(requester)) {
                faults.add("started by the requester " + requester + ", and the policy needs an independent run");
            } else if (verdict.startedBy(registrant)) {
                faults.add("started by " + registrant + ", who registered the version, and the policy needs an independent run");
            }
        }
        if (verdict.caseCount() < requirement.minCases()) {
            faults.add(verdict.caseCount() + " case(s), fewer than the " + requirement.minCases() + " the policy needs");
        }
        double errorRate = verdict.caseCount() == 0 ? 1.0 : (double) verdict.failedCases() / verdict.caseCount();
        if (errorRate > requirement.maxErrorRate()) {
            faults.add("error rate " + verdict.failedCases() + "/" + verdict.caseCount() + " above the maximum "
                    + requirement.maxErrorRate());
        }
        return faults;
    }

    private static String abbreviated(String sha256) {
        return sha256 == null ? "(none)" : sha256.length() > 12 ? sha256.substring(0, 12) + "…" : sha256;
    }

    private OpenPromotion open(String promotionId) {
        OpenPromotion promotion = openPromotions.get(promotionId);
        if (promotion == null) {
            throw new ConflictException("Promotion " + promotionId + " is not pending");
        }
        return promotion;
    }

    public void onAliasAssigned(String alias, int version) {
        onAliasAssigned(alias, version, null);
    }

    public void onAliasAssigned(String alias, int version, String promotionId) {
        Integer before = aliases.put(alias, version);
        if (before != null && before != version) {
            previousHolders.put(alias, before);
        }
        if (promotionId == null) {
            promotedBy.remove(alias);
        } else {
            promotedBy.put(alias, promotionId);
        }
    }

    public void on(PromotionPolicyDefined event) {
        policies.put(event.alias(), event);
    }

    public void on(PolicyChangeRequested event) {
        openPolicyChanges.put(event.changeId(), event);
    }

    public void onPolicyChangeDecided(String changeId) {
        openPolicyChanges.remove(changeId);
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
                && promotedBy.equals(that.promotedBy) && previousHolders.equals(that.previousHolders) && policies.equals(that.policies) && openPromotions.equals(that.openPromotions)
                && openPolicyChanges.equals(that.openPolicyChanges);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(subjectKind, subjectName, aliases, promotedBy, previousHolders, policies, openPromotions,
                                      openPolicyChanges);
    }
}
