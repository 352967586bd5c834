package io.modelledger.console.models;

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

/**
 * The catalogue (filtered, paged by the API's cursor), a model's page (aliases, policies, deployments, versions,
 * open alerts), a version's page (lineage graph, verdicts, asking for a promotion), an alias's history, and a
 * dataset version with the model versions built on it. Path variables go to the API as single encoded segments.
 */
@Controller
class ModelPages {

    static final int PAGE = 25;

    private final Api api;

    ModelPages(Api api) {
        this.api = api;
    }

    @GetMapping("/models")
    String models(@RequestParam(required = false) String q, @RequestParam(required = false) String owner,
                  @RequestParam(required = false) String riskTier, @RequestParam(required = false) String after, Model model) {
        Map<String, Object> page = api.get(Api.path("/api/registry/models").query("q", q).query("owner", owner)
                                              .query("riskTier", riskTier).query("after", after).query("limit", PAGE));
        model.addAttribute("page", page);
        model.addAttribute("q", q);
        model.addAttribute("owner", owner);
        model.addAttribute("riskTier", riskTier);
        model.addAttribute("paged", after != null && !after.isBlank());
        return "models";
    }

    @GetMapping("/models/{name}")
    String model(@PathVariable String name, @RequestParam(defaultValue = "0") int after, Model model) {
        Map<String, Object> found = read(Api.path("/api/registry/models/{name}", name), model);
        model.addAttribute("model", found);
        model.addAttribute("versions", api.get(Api.path("/api/registry/models/{name}/versions", name)
                                                  .query("after", Math.max(0, after)).query("limit", PAGE)));
        model.addAttribute("after", after);
        model.addAttribute("alerts", api.getList(Api.path("/api/monitor/alerts").query("model", name).query("status", "open")
                                                    .query("limit", 50)));
        return "model";
    }

    @GetMapping("/models/{name}/versions/{version}")
    String version(@PathVariable String name, @PathVariable int version, Model model) {
        fillVersion(name, version, model);
        return "version";
    }

    @PostMapping("/models/{name}/versions/{version}/promotions")
    String requestPromotion(@PathVariable String name, @PathVariable int version, @RequestParam String alias,
                            @RequestParam(required = false) String reason, Model model, RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version);
        body.put("alias", alias.strip());
        try {
            Map<String, Object> outcome = api.send("POST", Api.path("/api/registry/models/{name}/promotions", name), body, reason);
            String promotionId = String.valueOf(outcome.get("promotionId"));
            redirect.addFlashAttribute("notice", "Promotion of version " + version + " to '" + alias.strip() + "' requested: "
                                                 + outcome.get("status"));
            return "redirect:/approvals/models/" + Paths.segment(name) + "/" + Paths.segment(promotionId);
        } catch (ApiException e) {
            e.rethrowIfSignedOut();
            fillVersion(name, version, model);
            model.addAttribute("promotionError", e);
            model.addAttribute("alias", alias);
            model.addAttribute("reason", reason);
            return "version";
        }
    }

    @GetMapping("/models/{name}/aliases/{alias}")
    String alias(@PathVariable String name, @PathVariable String alias, Model model) {
        Map<String, Object> history = api.get(Api.path("/api/registry/models/{name}/aliases/{alias}/history", name, alias));
        @SuppressWarnings("unchecked") List<Map<String, Object>> changes = (List<Map<String, Object>>) history.getOrDefault("changes", List.of());
        List<Map<String, Object>> rows = new ArrayList<>();
        // newest first, each with the approvers of the promotion that moved it (the last 20 moves)
        for (int i = changes.size() - 1, shown = 0; i >= 0 && shown < 20; i--, shown++) {
            Map<String, Object> row = JsonObject.copy(changes.get(i));
            if (row.get("promotionId") instanceof String promotionId) {
                row.put("promotion", api.get(Api.path("/api/registry/models/{name}/promotions/{id}", name, promotionId)));
            }
            rows.add(row);
        }
        model.addAttribute("name", name);
        model.addAttribute("alias", alias);
        model.addAttribute("changes", rows);
        model.addAttribute("more", changes.size() > rows.size());
        return "alias";
    }

    @GetMapping("/datasets/{name}/versions/{version}")
    String dataset(@PathVariable String name, @PathVariable int version, Model model) {
        model.addAttribute("version", read(Api.path("/api/registry/datasets/{name}/versions/{version}", name, version), model));
        model.addAttribute("dataset", api.get(Api.path("/api/registry/datasets/{name}", name)));
        model.addAttribute("consumers", api.get(Api.path("/api/registry/datasets/{name}/versions/{version}/consumers", name, version)));
        return "dataset";
    }

    /** The page's object; patiently when the person just wrote it (a flash notice came with the redirect). */
    private Map<String, Object> read(Api.Uri uri, Model model) {
        return model.containsAttribute("notice") ? api.getJustWritten(uri) : api.get(uri);
    }

    private void fillVersion(String name, int version, Model model) {
        model.addAttribute("name", name);
        model.addAttribute("version", read(Api.path("/api/registry/models/{name}/versions/{version}", name, version), model));
        model.addAttribute("model", api.get(Api.path("/api/registry/models/{name}", name)));
        model.addAttribute("lineage", LineageGraph.of(api.get(Api.path("/api/registry/models/{name}/versions/{version}/lineage", name, version))));
        model.addAttribute("verdicts", api.get(Api.path("/api/registry/models/{name}/versions/{version}/verdicts", name, version)));
        model.addAttribute("canRequest", ConsoleUser.current().hasRole("contributor") || ConsoleUser.current().hasRole("admin"));
    }
}
