package io.modelledger.console.approvals;

import io.modelledger.console.Paths;
import io.modelledger.console.api.Api;
import io.modelledger.console.api.ApiException;
import io.modelledger.console.api.JsonObject;
import io.modelledger.console.session.ConsoleUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The approvals inbox and one promotion with its evidence: the policy protecting the alias, every verdict for the
 * candidate with its run's metrics against their thresholds, and the difference to the version the alias serves
 * now (metrics and parameters side by side for a model; the template diff for a prompt). Approve (with a reason
 * for the audit trail) or reject (with a reason the requester reads).
 */
@Controller
class ApprovalPages {

    private static final int RUNS_SHOWN = 10;

    private final Api api;
    private final Inbox inbox;

    ApprovalPages(Api api, Inbox inbox) {
        this.api = api;
        this.inbox = inbox;
    }

    @GetMapping("/approvals")
    String inbox(Model model) {
        List<Inbox.Item> items = inbox.pending(ConsoleUser.current());
        model.addAttribute("forMe", items.stream().filter(Inbox.Item::canApprove).toList());
        model.addAttribute("mine", items.stream().filter(Inbox.Item::mine).toList());
        model.addAttribute("others", items.stream().filter(i -> !i.canApprove() && !i.mine()).toList());
        try {
            model.addAttribute("changes", inbox.pendingChanges(ConsoleUser.current()));
        } catch (ApiException e) {
            // the promotions above still help: say what is missing instead of failing the whole inbox
            e.rethrowIfSignedOut();
            model.addAttribute("changes", List.of());
            model.addAttribute("changesError", e);
        }
        return "approvals";
    }

    @GetMapping("/approvals/policy-changes/{changeId}")
    String policyChange(@PathVariable String changeId, Model model) {
        fillChange(changeId, model);
        return "policy-change";
    }

    @PostMapping("/approvals/policy-changes/{changeId}/{decision:approve|reject}")
    String decideChange(@PathVariable String changeId, @PathVariable String decision, @RequestParam(required = false) String reason,
                        Model model, RedirectAttributes redirect) {
        Map<String, Object> change = api.get(Api.path("/api/registry/policy-changes/{id}", changeId));
        String kind = Inbox.kindOf(change);
        String policies = "guard".equals(change.get("policy")) ? "guard-policies" : "policies";
        boolean approve = "approve".equals(decision);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", reason == null || reason.isBlank() ? null : reason.strip());
        try {
            Map<String, Object> outcome = api.send("POST", Api.path("/api/registry/" + kind + "/{name}/" + policies + "/{target}/changes/{id}/"
                                                                    + (approve ? "approvals" : "rejections"),
                                                                    change.get("subjectName"), change.get("target"), changeId),
                                                   approve ? null : body, reason);
            // an approval that came too late is answered with the change's expiry, not with a new policy
            String status = outcome == null ? null : String.valueOf(outcome.get("status"));
            redirect.addFlashAttribute("notice", !approve ? "Rejected: the policy stays as it was"
                    : "expired".equals(status) ? "Too late: the change expired before your approval, and the policy stays as it was"
                    : "Approved: the new policy is in force");
            redirect.addFlashAttribute("decided", true);
            return "redirect:/approvals/policy-changes/" + Paths.segment(changeId);
        } catch (ApiException e) {
            e.rethrowIfSignedOut();
            fillChange(changeId, model);
            model.addAttribute("decisionError", e);
            model.addAttribute("reason", reason);
            return "policy-change";
        }
    }

    /** The change, the terms it asks for beside the policy in force (for a model's promotion policy), and what I may do. */
    @SuppressWarnings("unchecked")
    private void fillChange(String changeId, Model model) {
        Api.Uri self = Api.path("/api/registry/policy-changes/{id}", changeId);
        // right after a decision the read model may still say pending: wait a moment for it to say what became of the change
        Map<String, Object> change = model.containsAttribute("decided")
                ? api.getWhen(self, c -> !"pending".equals(c.get("status"))) : model.containsAttribute("notice") ? api.getJustWritten(self) : api.get(self);
        Inbox.Change item = Inbox.change(change, ConsoleUser.current());
        Map<String, Object> current = null;
        if ("promotion".equals(change.get("policy")) && "models".equals(item.kind())) {
            Map<String, Object> subject = api.get(Api.path("/api/registry/models/{name}", change.get("subjectName")));
            current = (Map<String, Object>) ((Map<String, Object>) subject.getOrDefault("policies", Map.of())).get(String.valueOf(change.get("target")));
        }
        model.addAttribute("change", change);
        model.addAttribute("item", item);
        model.addAttribute("terms", PolicyTerms.rows(change.get("policy"), (Map<String, Object>) change.getOrDefault("terms", Map.of()), current));
        model.addAttribute("hasCurrent", current != null);
    }

    @GetMapping("/approvals/{kind:models|prompts}/{name}/{promotionId}")
    String promotion(@PathVariable String kind, @PathVariable String name, @PathVariable String promotionId, Model model) {
        fill(kind, name, promotionId, model);
        return "promotion";
    }

    @PostMapping("/approvals/{kind:models|prompts}/{name}/{promotionId}/approve")
    String approve(@PathVariable String kind, @PathVariable String name, @PathVariable String promotionId,
                   @RequestParam(required = false) String reason, Model model, RedirectAttributes redirect) {
        return decide(kind, name, promotionId, "approvals", null, reason, model, redirect);
    }

    @PostMapping("/approvals/{kind:models|prompts}/{name}/{promotionId}/reject")
    String reject(@PathVariable String kind, @PathVariable String name, @PathVariable String promotionId,
                  @RequestParam(required = false) String reason, Model model, RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", reason == null ? null : reason.strip());
        return decide(kind, name, promotionId, "rejections", body, reason, model, redirect);
    }

    private String decide(String kind, String name, String promotionId, String decision, Object body, String reason, Model model,
                          RedirectAttributes redirect) {
        String self = "/approvals/" + kind + "/" + Paths.segment(name) + "/" + Paths.segment(promotionId);
        try {
            Map<String, Object> outcome = api.send("POST", Api.path("/api/registry/" + kind + "/{name}/promotions/{id}/" + decision, name, promotionId),
                                                   body, reason);
            redirect.addFlashAttribute("notice", ("approvals".equals(decision) ? "Approved" : "Rejected")
                                                 + (outcome != null && outcome.get("status") != null ? ": the promotion is " + outcome.get("status") : ""));
            return "redirect:" + self;
        } catch (ApiException e) {
            e.rethrowIfSignedOut();
            fill(kind, name, promotionId, model);
            model.addAttribute("decisionError", e);
            model.addAttribute("reason", reason);
            return "promotion";
        }
    }

    @SuppressWarnings("unchecked")
    private void fill(String kind, String name, String promotionId, Model model) {
        Api.Uri self = Api.path("/api/registry/" + kind + "/{name}/promotions/{id}", name, promotionId);
        Map<String, Object> promotion = model.containsAttribute("notice") ? api.getJustWritten(self) : api.get(self);
        Map<String, Object> subject = api.get(Api.path("/api/registry/" + kind + "/{name}", name));
        int version = ((Number) promotion.get("version")).intValue();
        String alias = String.valueOf(promotion.get("alias"));
        Map<String, Object> aliases = (Map<String, Object>) subject.getOrDefault("aliases", Map.of());
        Map<String, Object> policies = (Map<String, Object>) subject.getOrDefault("policies", Map.of());
        Integer current = aliases.get(alias) instanceof Number n ? n.intValue() : null;

        Map<String, Object> candidate = api.get(Api.path("/api/registry/" + kind + "/{name}/versions/{v}", name, version));
        Map<String, Object> verdicts = api.get(Api.path("/api/registry/" + kind + "/{name}/versions/{v}/verdicts", name, version));
        List<Map<String, Object>> evidence = new ArrayList<>();
        for (Map<String, Object> verdict : (List<Map<String, Object>>) verdicts.getOrDefault("items", List.of())) {
            Map<String, Object> row = JsonObject.copy(verdict);
            if (evidence.size() < RUNS_SHOWN && verdict.get("runId") instanceof String runId) {
                try {
                    row.put("run", api.get(Api.path("/api/eval/runs/{id}", runId)));
                } catch (ApiException e) {
                    if (e.status() != 404 && e.status() != 403) {
                        throw e;
                    }
                }
            }
            row.put("relied", ((Map<String, Object>) promotion.getOrDefault("evidence", Map.of())).containsValue(verdict.get("eventId")));
            evidence.add(row);
        }
        model.addAttribute("kind", kind);
        model.addAttribute("name", name);
        model.addAttribute("promotion", promotion);
        model.addAttribute("item", Inbox.item(promotion, ConsoleUser.current()));
        model.addAttribute("policy", policies.get(alias));
        // a prompt's view names the revision of the policy protecting each alias, not its terms
        Map<String, Object> protectedAliases = (Map<String, Object>) subject.getOrDefault("protectedAliases", Map.of());
        model.addAttribute("policyRevision", protectedAliases.get(alias));
        model.addAttribute("candidate", candidate);
        model.addAttribute("current", current);
        model.addAttribute("evidence", evidence);
        if (current != null && current != version) {
            Map<String, Object> serving = api.get(Api.path("/api/registry/" + kind + "/{name}/versions/{v}", name, current));
            model.addAttribute("serving", serving);
            if ("prompts".equals(kind)) {
                Map<String, Object> diff = api.get(Api.path("/api/registry/prompts/{name}/diff", name).query("from", current).query("to", version));
                model.addAttribute("diff", diff);
                model.addAttribute("diffLines", io.modelledger.console.prompts.TemplateDiff.lines(diff));
            } else {
                model.addAttribute("sideBySide", sideBySide(serving, candidate));
            }
        }
    }

    /** Training metrics and hyper-parameters of the serving version and the candidate, one row per name. */
    @SuppressWarnings("unchecked")
    static List<List<Object>> sideBySide(Map<String, Object> serving, Map<String, Object> candidate) {
        List<List<Object>> rows = new ArrayList<>();
        for (String section : List.of("trainingMetrics", "hyperParameters")) {
            Map<String, Object> a = serving.get(section) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            Map<String, Object> b = candidate.get(section) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            TreeSet<String> names = new TreeSet<>(a.keySet());
            names.addAll(b.keySet());
            for (String key : names) {
                Object before = a.get(key);
                Object after = b.get(key);
                rows.add(List.of(section.equals("trainingMetrics") ? "metric" : "parameter", key,
                                 before == null ? "—" : before, after == null ? "—" : after,
                                 java.util.Objects.equals(before, after) ? "same" : "changed"));
            }
        }
        return rows;
    }
}
