package io.modelledger.audit.query;

import io.modelledger.audit.api.ModelState;
import io.modelledger.audit.api.ModelState.Alias;
import io.modelledger.audit.api.ModelState.Verdict;
import io.modelledger.audit.api.ModelState.Version;
import io.modelledger.contracts.audit.AuditEntry;
import io.modelledger.contracts.eval.EvaluationCompleted;
import io.modelledger.contracts.monitor.AlertRaised;
import io.modelledger.contracts.monitor.AlertResolved;
import io.modelledger.contracts.registry.DeploymentRetired;
import io.modelledger.contracts.registry.DeploymentRolledBack;
import io.modelledger.contracts.registry.ModelAliasAssigned;
import io.modelledger.contracts.registry.ModelVersionDeployed;
import io.modelledger.contracts.registry.ModelVersionDeprecated;
import io.modelledger.contracts.registry.ModelVersionRegistered;
import io.modelledger.contracts.registry.PromotionApproved;
import io.modelledger.contracts.registry.PromotionCompleted;
import io.modelledger.contracts.registry.PromotionPolicyDefined;
import io.modelledger.contracts.registry.TrafficSplit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model as it was at an instant, folded from its audit entries up to then: versions, aliases (with who
 * moved them and who approved the promotion that did), deployments, open alerts, latest verdicts and
 * policies. Answers "what was in production on 2026-03-01 at 14:00 and who approved it". Each entry is read
 * as its contracts event ({@link AuditEvents}), so the fold follows the events' types and their aliases.
 */
public final class ModelStateAt {

    private ModelStateAt() {
    }

    public static ModelState fold(String modelName, Instant at, List<AuditEntry> entries) {
        Map<Integer, Version> versions = new TreeMap<>();
        Map<String, Alias> aliases = new TreeMap<>();
        Map<String, List<TrafficSplit>> deployments = new TreeMap<>();
        Map<String, String> openAlerts = new LinkedHashMap<>();
        Map<String, Verdict> verdicts = new TreeMap<>();
        Map<String, PromotionPolicyDefined> policies = new TreeMap<>();
        Map<String, List<String>> approvals = new LinkedHashMap<>();
        Map<String, String> approvedOn = new LinkedHashMap<>();
        PromotionEvidence evidence = new PromotionEvidence();
        long last = 0;
        for (AuditEntry entry : entries) {
            if (Instant.parse(entry.timestamp()).isAfter(at)) {
                break;
            }
            last = entry.position();
            switch (AuditEvents.read(entry).orElse(null)) {
                case ModelVersionRegistered e -> versions.put(e.version(), new Version(e.version(), e.sha256(), entry.timestamp(),
                                                                                        entry.actor(), false));
                case ModelVersionDeprecated e -> versions.computeIfPresent(e.version(), (v, old) -> new Version(
                        old.version(), old.sha256(), old.registeredAt(), old.registeredBy(), true));
                case ModelAliasAssigned e -> aliases.put(e.alias(), new Alias(
                        e.version(), entry.timestamp(), entry.actor(), e.promotionId(),
                        e.promotionId() == null ? List.of() : approvals.getOrDefault(e.promotionId(), List.of()),
                        e.promotionId() == null ? null : approvedOn.get(e.promotionId())));
                case PromotionCompleted e -> {
                    String described = evidence.describe(e.evidence());
                    if (described != null) {
                        approvedOn.put(e.promotionId(), described);
                    }
                }
                case PromotionApproved e -> approvals.computeIfAbsent(e.promotionId(), id -> new ArrayList<>()).add(e.approver());
                // a deployment recorded before traffic splits were: the one version at its percentage
                case ModelVersionDeployed e -> deployments.put(e.environment(), e.traffic().isEmpty()
                        ? List.of(new TrafficSplit(e.version(), e.percent())) : e.traffic());
                case DeploymentRolledBack e -> deployments.put(e.environment(), e.to());
                case DeploymentRetired e -> deployments.remove(e.environment());
                case AlertRaised e -> openAlerts.put(e.alertId(), e.severity() + ": " + e.summary());
                case AlertResolved e -> openAlerts.remove(e.alertId());
                case EvaluationCompleted e -> {
                    evidence.record(entry.eventId(), e);
                    verdicts.put(e.suiteName(), new Verdict(e.subjectVersion(), e.passed(), e.runId(), entry.timestamp()));
                }
                case PromotionPolicyDefined e -> policies.put(e.alias(), e);
                case null, default -> {
                    // other events do not change what this view shows
                }
            }
        }
        return new ModelState(modelName, at, last, List.copyOf(versions.values()), aliases, deployments, openAlerts, verdicts, policies);
    }
}
