package io.modelledger.registry.governance;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.modelledger.contracts.registry.GuardPolicyChangeDecided;
import io.modelledger.contracts.registry.GuardPolicyChangeRequested;
import io.modelledger.contracts.registry.GuardPolicyDefined;
import io.modelledger.contracts.registry.GuardRule;
import io.modelledger.platform.domain.ConflictException;
import io.modelledger.platform.domain.ForbiddenException;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The runtime guard's policies of one model or prompt, per environment, and their four-eyes changes. Held inside that
 * aggregate beside {@link AliasGovernance}, which says which environments are protected. In an unprotected environment
 * every definition is in force at once; in a protected one the first is (it only adds checks where there were none), and
 * every later one, loosening or tightening, waits for a second admin, as promotion policies do.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class GuardPolicies {

    private String subjectKind;
    private String subjectName;
    private Map<String, GuardPolicyDefined> policies = new HashMap<>();
    private Map<String, GuardPolicyChangeRequested> openChanges = new HashMap<>();

    protected GuardPolicies() {
        // for Jackson (snapshots)
    }

    public GuardPolicies(String subjectKind, String subjectName) {
        this.subjectKind = subjectKind;
        this.subjectName = subjectName;
    }

    public AliasGovernance.PolicyDecision define(String changeId, String environment, List<GuardRule> input, List<GuardRule> output,
                                                 String admin, Instant requestedAt, Duration changeTtl, boolean protectedEnvironment) {
        GuardPolicyDefined current = policies.get(environment);
        if (current != null && current.input().equals(input) && current.output().equals(output)) {
            return new AliasGovernance.PolicyDecision(List.of(), new AliasGovernance.PolicyOutcome(
                    "defined", null, current.revision(), null, "unchanged: this is revision " + current.revision()));
        }
        if (current == null || !protectedEnvironment) {
            int revision = current == null ? 1 : current.revision() + 1;
            return new AliasGovernance.PolicyDecision(
                    List.of(new GuardPolicyDefined(subjectKind, subjectName, environment, revision, input, output)),
                    new AliasGovernance.PolicyOutcome("defined", null, revision, null, "in force"));
        }
        for (GuardPolicyChangeRequested open : openChanges.values()) {
            if (open.environment().equals(environment)) {
                throw new ConflictException("A change of the guard policy for '" + environment + "' is already pending ("
                        + open.changeId() + "): approve, reject or let it expire first");
            }
        }
        Instant expiresAt = requestedAt.plus(changeTtl);
        return new AliasGovernance.PolicyDecision(
                List.of(new GuardPolicyChangeRequested(changeId, subjectKind, subjectName, environment, current.revision(), input, output,
                                                       admin, expiresAt)),
                new AliasGovernance.PolicyOutcome("pending", changeId, current.revision(), expiresAt,
                                                  "a guard policy change in a protected environment takes effect when a second admin approves it"));
    }

    public AliasGovernance.PolicyDecision approve(String environment, String changeId, String admin, Instant now) {
        GuardPolicyChangeRequested change = open(environment, changeId);
        if (admin.equals(change.requestedBy())) {
            throw new ForbiddenException("The admin who asked for a guard policy change may not approve it (four-eyes rule)");
        }
        GuardPolicyDefined current = policies.get(change.environment());
        if (now != null && !now.isBefore(change.expiresAt())) {
            return new AliasGovernance.PolicyDecision(List.of(decided(change, GuardPolicyChangeDecided.EXPIRED, null, null)),
                                                      new AliasGovernance.PolicyOutcome("expired", changeId, current.revision(), null,
                                                                                        "the change expired at " + change.expiresAt()));
        }
        if (current.revision() != change.baseRevision()) {
            throw new ConflictException("The guard policy changed since this change was asked for: ask again");
        }
        GuardPolicyDefined defined = new GuardPolicyDefined(subjectKind, subjectName, change.environment(), current.revision() + 1,
                                                            change.input(), change.output());
        return new AliasGovernance.PolicyDecision(List.of(decided(change, GuardPolicyChangeDecided.APPROVED, admin, null), defined),
                                                  new AliasGovernance.PolicyOutcome("defined", changeId, defined.revision(), null,
                                                                                    "approved by " + admin));
    }

    public GuardPolicyChangeDecided reject(String environment, String changeId, String admin, String reason) {
        return decided(open(environment, changeId), GuardPolicyChangeDecided.REJECTED, admin, reason);
    }

    /** The change's expiry, when it is still open (and, given {@code now}, overdue); nothing otherwise. */
    public List<Object> expire(String changeId, Instant now) {
        GuardPolicyChangeRequested change = openChanges.get(changeId);
        if (change == null || now != null && now.isBefore(change.expiresAt())) {
            return List.of();
        }
        return List.of(decided(change, GuardPolicyChangeDecided.EXPIRED, null, null));
    }

    private GuardPolicyChangeDecided decided(GuardPolicyChangeRequested change, String decision, String by, String reason) {
        return new GuardPolicyChangeDecided(change.changeId(), subjectKind, subjectName, change.environment(), decision, by, reason);
    }

    /** The pending change, asked for in {@code environment} (a change is decided where it was asked, never elsewhere). */
    private GuardPolicyChangeRequested open(String environment, String changeId) {
        GuardPolicyChangeRequested change = openChanges.get(changeId);
        if (change == null || !change.environment().equals(environment)) {
            throw new ConflictException("Guard policy change " + changeId + " is not pending in '" + environment + "'");
        }
        return change;
    }

    public void on(GuardPolicyDefined event) {
        policies.put(event.environment(), event);
    }

    public void on(GuardPolicyChangeRequested event) {
        openChanges.put(event.changeId(), event);
    }

    public void on(GuardPolicyChangeDecided event) {
        openChanges.remove(event.changeId());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GuardPolicies that && Objects.equals(subjectKind, that.subjectKind)
                && Objects.equals(subjectName, that.subjectName) && policies.equals(that.policies) && openChanges.equals(that.openChanges);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subjectKind, subjectName, policies, openChanges);
    }
}
