package io.modelledger.audit.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelledger.audit.api.ChainHead;
import io.modelledger.contracts.audit.AuditEntry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

/**
 * A model's compliance dossier as one printable HTML page, written from its audit trail alone: purpose and
 * risk tier, versions and lineage, evaluations, promotions with their approvers, deployments, alerts and
 * feedback, each line with when and by whom, and the chain position it was drawn up at.
 */
public final class Dossier {

    private Dossier() {
    }

    public static String render(String modelName, List<AuditEntry> trail, ChainHead head, String generatedBy, Instant generatedAt) {
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Dossier: ").append(esc(modelName))
            .append("</title><style>body{font-family:system-ui,sans-serif;margin:2em;color:#111}h1{margin-bottom:0}"
                    + "table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}th,td{border:1px solid #bbb;padding:.3em .5em;"
                    + "text-align:left;font-size:.9em;vertical-align:top}th{background:#eee}.muted{color:#555}"
                    + "@media print{body{margin:0}}</style></head><body>");
        html.append("<h1>Model dossier: ").append(esc(modelName)).append("</h1>");
        JsonNode registered = first(trail, "ModelRegistered");
        JsonNode details = last(trail, "ModelDetailsChanged");
        JsonNode about = details != null ? details : registered;
        html.append("<p class=\"muted\">Drawn up ").append(esc(generatedAt.toString())).append(" by ").append(esc(generatedBy))
            .append(" from the audit trail up to position ").append(head == null ? 0 : head.position())
            .append(" (chain hash <code>").append(head == null ? "" : esc(head.hash())).append("</code>).</p>");
        html.append("<h2>Purpose and risk</h2><table><tr><th>Description</th><td>").append(esc(text(about, "description")))
            .append("</td></tr><tr><th>Owner team</th><td>").append(esc(text(about, "ownerTeam")))
            .append("</td></tr><tr><th>Task type</th><td>").append(esc(text(registered, "taskType")))
            .append("</td></tr><tr><th>Risk tier (EU AI Act)</th><td>").append(esc(text(about, "riskTier"))).append("</td></tr></table>");

        section(html, "Versions and lineage", new String[]{"Version", "Registered", "By", "Artifact SHA-256", "Training data", "Base model"},
                rows(trail, List.of("ModelVersionRegistered", "ModelVersionDeprecated"), (e, p) -> e.type().equals("ModelVersionDeprecated")
                        ? new String[]{text(p, "version"), e.timestamp(), e.actor(), "deprecated: " + text(p, "reason"), "", ""}
                        : new String[]{text(p, "version"), e.timestamp(), e.actor(), text(p, "sha256"), datasets(p.path("lineage").path("trainingData")),
                                       p.path("lineage").hasNonNull("baseModel") ? text(p.path("lineage").get("baseModel"), "model") + " v"
                                               + text(p.path("lineage").get("baseModel"), "version") : ""}));
        section(html, "Evaluations", new String[]{"When", "Suite", "Version", "Verdict", "Run", "Metrics"},
                rows(trail, List.of("EvaluationCompleted"), (e, p) -> new String[]{e.timestamp(), text(p, "suiteName"),
                        text(p, "subjectVersion"), !p.hasNonNull("passed") ? "no verdict (no metric gated)" : p.get("passed").asBoolean() ? "passed" : "failed",
                        text(p, "runId") + (p.hasNonNull("startedBy") ? ", started by " + text(p, "startedBy") : ""), p.path("metrics").toString()}));
        PromotionEvidence evidence = new PromotionEvidence();
        section(html, "Policies, promotions and approvals", new String[]{"When", "What", "By", "Details"},
                rows(trail, List.of("EvaluationCompleted", "PromotionPolicyDefined", "PolicyChangeRequested", "PolicyChangeApproved",
                                    "PolicyChangeRejected", "PolicyChangeExpired", "PromotionRequested", "PromotionApproved",
                                    "PromotionRejected", "PromotionCompleted", "PromotionExpired", "ModelAliasAssigned"),
                     (e, p) -> {
                         Object event = AuditEvents.read(e).orElse(null);
                         if (event instanceof io.modelledger.contracts.eval.EvaluationCompleted verdict) {
                             evidence.record(e.eventId(), verdict);
                         }
                         if (io.modelledger.contracts.eval.EvaluationCompleted.class.getSimpleName().equals(e.type())) {
                             return null; // verdicts have their own section; here they only back the promotions
                         }
                         String described = event instanceof io.modelledger.contracts.registry.PromotionCompleted completed
                                 ? evidence.describe(completed.evidence()) : null;
                         return new String[]{e.timestamp(), e.type(), e.actor(),
                                             described != null ? summary(e.type(), p) + ", " + described : summary(e.type(), p)};
                     }));
        section(html, "Deployments", new String[]{"When", "What", "By", "Environment", "Traffic"},
                rows(trail, List.of("ModelVersionDeployed", "DeploymentRolledBack", "DeploymentRetired"),
                     (e, p) -> new String[]{e.timestamp(), e.type(), e.actor(), text(p, "environment"),
                             p.has("traffic") ? p.get("traffic").toString() : p.path("to").toString()}));
        section(html, "Alerts and incidents", new String[]{"When", "What", "Alert", "Severity", "Summary"},
                rows(trail, List.of("AlertRaised", "AlertResolved", "AlertAcknowledged"),
                     (e, p) -> new String[]{e.timestamp(), e.type(), text(p, "alertId"), text(p, "severity"), text(p, "summary")}));
        List<String[]> feedback = rows(trail, List.of("FeedbackRecorded"), (e, p) -> new String[]{e.timestamp(), e.actor(), p.toString()});
        section(html, "Feedback", new String[]{"When", "By", "Feedback"}, feedback);
        html.append("</body></html>");
        return html.toString();
    }

    private interface Row {
        String[] of(AuditEntry entry, JsonNode payload);
    }

    private static List<String[]> rows(List<AuditEntry> trail, List<String> types, Row row) {
        List<String[]> rows = new ArrayList<>();
        for (AuditEntry entry : trail) {
            if (types.contains(entry.type())) {
                String[] cells = row.of(entry, read(entry.payload()));
                if (cells != null) {
                    rows.add(cells);
                }
            }
        }
        return rows;
    }

    private static void section(StringBuilder html, String title, String[] header, List<String[]> rows) {
        html.append("<h2>").append(esc(title)).append("</h2>");
        if (rows.isEmpty()) {
            html.append("<p class=\"muted\">None recorded.</p>");
            return;
        }
        html.append("<table><tr>");
        for (String h : header) {
            html.append("<th>").append(esc(h)).append("</th>");
        }
        html.append("</tr>");
        for (String[] row : rows) {
            html.append("<tr>");
            for (String cell : row) {
                html.append("<td>").append(esc(cell)).append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</table>");
    }

    private static String summary(String type, JsonNode p) {
        return switch (type) {
            case "PromotionPolicyDefined" -> "alias " + text(p, "alias") + " r" + text(p, "revision") + ": suites " + p.path("requiredSuites")
                    + ", " + text(p, "requiredApprovals") + " approval(s)";
            case "PolicyChangeRequested" -> "alias " + text(p, "alias") + ": change " + text(p, "changeId") + " of r"
                    + text(p, "baseRevision") + " to " + p.path("requirements") + ", " + text(p, "requiredApprovals") + " approval(s)";
            case "PolicyChangeApproved", "PolicyChangeExpired" -> "alias " + text(p, "alias") + ": change " + text(p, "changeId");
            case "PolicyChangeRejected" -> "alias " + text(p, "alias") + ": change " + text(p, "changeId") + ": " + text(p, "reason");
            case "PromotionRejected" -> "v" + text(p, "version") + " to " + text(p, "alias") + ": " + p.path("reasons");
            case "PromotionApproved" -> "approval " + text(p, "approvals") + " of " + text(p, "requiredApprovals");
            case "ModelAliasAssigned" -> text(p, "alias") + " → v" + text(p, "version")
                    + (p.hasNonNull("promotionId") ? " (promotion " + text(p, "promotionId") + ")" : "");
            default -> p.hasNonNull("version") ? "v" + text(p, "version") + " to " + text(p, "alias") : "";
        };
    }

    private static String datasets(JsonNode refs) {
        List<String> names = new ArrayList<>();
        refs.forEach(r -> names.add(text(r, "dataset") + " v" + text(r, "version")));
        return String.join(", ", names);
    }

    private static JsonNode first(List<AuditEntry> trail, String type) {
        return trail.stream().filter(e -> e.type().equals(type)).findFirst().map(e -> read(e.payload())).orElse(null);
    }

    private static JsonNode last(List<AuditEntry> trail, String type) {
        JsonNode found = null;
        for (AuditEntry e : trail) {
            if (e.type().equals(type)) {
                found = read(e.payload());
            }
        }
        return found;
    }

    private static JsonNode read(String json) {
        return AuditEvents.tree(json);
    }

    /** A field's text, or empty when the node or the field is missing. */
    private static String text(JsonNode node, String field) {
        return node != null && node.hasNonNull(field) ? node.get(field).asText() : "";
    }

    private static String esc(String text) {
        return text == null ? "" : htmlEscape(text);
    }
}
