package io.modelledger.registry.audit.query;

import io.modelledger.contracts.audit.AuditEntry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model as it was at an instant, folded from its audit entries up to then: versions, aliases (with who
 * moved them and who approved the promotion that did), deployments, open alerts, latest verdicts and
 * policies. Answers "what was in production on 2026-03-01 at 14:00 and who approved it".
 */
public final class ModelStateAt {

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Version(int version, String sha256, String registeredAt, String registeredBy, boolean deprecated) {
    }

    /** {@code approvedOn} names the verdicts the promotion that moved the alias stood on (null without one). */
    public record Alias(int version, String movedAt, String movedBy, String promotionId, List<String> approvedBy,
                        String approvedOn) {
    }

    /** {@code passed} is null when the suite gated on no metric. */
    public record Verdict(int version, Boolean passed, String runId, String at) {
    }

    public record State(String modelName, Instant at, long lastPosition, List<Version> versions, Map<String, Alias> aliases,
                        Map<String, JsonNode> deployments, Map<String, String> openAlerts, Map<String, Verdict> latestVerdicts,
                        Map<String, JsonNode> policies) {
    }

    private ModelStateAt() {
    }

    public static State fold(String modelName, Instant at, List<AuditEntry> entries) {
        Map<Integer, Version> versions = new TreeMap<>();
        Map<String, Alias> aliases = new TreeMap<>();
        Map<String, JsonNode> deployments = new TreeMap<>();
        Map<String, String> openAlerts = new LinkedHashMap<>();
        Map<String, Verdict> verdicts = new TreeMap<>();
        Map<String, JsonNode> policies = new TreeMap<>();
        Map<String, List<String>> approvals = new LinkedHashMap<>();
        Map<String, String> approvedOn = new LinkedHashMap<>();
        PromotionEvidence evidence = new PromotionEvidence();
        long last = 0;
        for (AuditEntry entry : entries) {
            if (Instant.parse(entry.timestamp()).isAfter(at)) {
                break;
            }
            last = entry.position();
            JsonNode p = read(entry.payload());
            evidence.record(entry, p);
            switch (entry.type()) {
                case "ModelVersionRegistered" -> versions.put(p.get("version").asInt(), new Version(p.get("version").asInt(),
                        text(p, "sha256"), entry.timestamp(), entry.actor(), false));
                case "ModelVersionDeprecated" -> versions.computeIfPresent(p.get("version").asInt(),
                        (v, old) -> new Version(old.version(), old.sha256(), old.registeredAt(), old.registeredBy(), true));
                case "ModelAliasAssigned" -> {
                    String promotion = text(p, "promotionId");
                    aliases.put(text(p, "alias"), new Alias(p.get("version").asInt(), entry.timestamp(), entry.actor(), promotion,
                                                            promotion == null ? List.of() : approvals.getOrDefault(promotion, List.of()),
                                                            promotion == null ? null : approvedOn.get(promotion)));
                }
                case "PromotionCompleted" -> {
                    String described = evidence.describe(p.get("evidence"));
                    if (described != null) {
                        approvedOn.put(text(p, "promotionId"), described);
                    }
                }
                case "PromotionApproved" -> approvals.computeIfAbsent(text(p, "promotionId"), id -> new ArrayList<>())
                                                     .add(text(p, "approver"));
                case "ModelVersionDeployed" -> deployments.put(text(p, "environment"), p.get("traffic"));
                case "DeploymentRolledBack" -> deployments.put(text(p, "environment"), p.get("to"));
                case "DeploymentRetired" -> deployments.remove(text(p, "environment"));
                case "AlertRaised" -> openAlerts.put(text(p, "alertId"), text(p, "severity") + ": " + text(p, "summary"));
                case "AlertResolved" -> openAlerts.remove(text(p, "alertId"));
                case "EvaluationCompleted" -> verdicts.put(text(p, "suiteName"), new Verdict(p.get("subjectVersion").asInt(),
                        p.hasNonNull("passed") ? p.get("passed").asBoolean() : null, text(p, "runId"), entry.timestamp()));
                case "PromotionPolicyDefined" -> policies.put(text(p, "alias"), p);
                default -> {
                    // other events do not change what this view shows
                }
            }
        }
        return new State(modelName, at, last, List.copyOf(versions.values()), aliases, deployments, openAlerts, verdicts, policies);
    }

    /** An entry's payload as a tree; empty if it is not JSON. */
    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    /** A field's text, or null when the node or the field is missing. */
    static String text(JsonNode node, String field) {
        return node != null && node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
