package io.modelledger.console.evaluations;

import io.modelledger.console.Paths;
import io.modelledger.console.api.Api;
import io.modelledger.console.api.ApiException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Suites and their versions (the SHA-256 a promotion policy pins, the metrics and their thresholds, the cases), and A/B
 * comparisons of two runs on the same suite version: each metric's difference with its 95% confidence interval drawn,
 * the paired test and its Holm-adjusted p-value, and which arm the evaluation service judged better.
 */
@Controller
class ComparisonPages {

    static final int CASES_PER_PAGE = 50;

    private final Api api;

    ComparisonPages(Api api) {
        this.api = api;
    }

    @GetMapping("/evaluations/suites")
    String suites(Model model) {
        model.addAttribute("suites", api.getList(Api.path("/api/eval/suites").query("limit", 200)));
        return "suites";
    }

    @GetMapping("/evaluations/suites/{name}/versions/{version}")
    String suite(@PathVariable String name, @PathVariable int version, @RequestParam(defaultValue = "0") int offset, Model model) {
        Map<String, Object> suite = api.get(Api.path("/api/eval/suites/{name}/versions/{v}", name, version));
        Map<String, Object> cases = api.get(Api.path("/api/eval/suites/{name}/versions/{v}/cases", name, version)
                                               .query("offset", Math.max(0, offset)).query("limit", CASES_PER_PAGE));
        model.addAttribute("suite", suite);
        model.addAttribute("cases", cases.getOrDefault("cases", List.of()));
        model.addAttribute("next", cases.get("next"));
        model.addAttribute("offset", Math.max(0, offset));
        model.addAttribute("previous", offset > 0 ? Math.max(0, offset - CASES_PER_PAGE) : null);
        model.addAttribute("runs", api.getList(Api.path("/api/eval/runs").query("limit", 200)).stream()
                                      .filter(r -> r instanceof Map<?, ?> m && name.equals(m.get("suiteName"))
                                                   && Integer.valueOf(version).equals(m.get("suiteVersion")) && "completed".equals(m.get("status")))
                                      .toList());
        return "suite";
    }

    /** Compares two completed runs of one suite version; a refusal shows on that suite version's page, in the API's words. */
    @PostMapping("/evaluations/suites/{name}/versions/{version}/comparisons")
    String compare(@PathVariable String name, @PathVariable int version, @RequestParam(required = false) String baselineRunId,
                   @RequestParam(required = false) String candidateRunId, Model model) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("baselineRunId", baselineRunId);
        body.put("candidateRunId", candidateRunId);
        try {
            Map<String, Object> comparison = api.send("POST", Api.path("/api/eval/comparisons"), body, null);
            return "redirect:/evaluations/comparisons/" + Paths.segment(String.valueOf(comparison.get("comparisonId")));
        } catch (ApiException e) {
            e.rethrowIfSignedOut();
            model.addAttribute("compareError", e);
            return suite(name, version, 0, model);
        }
    }

    @GetMapping("/evaluations/comparisons/{comparisonId}")
    @SuppressWarnings("unchecked")
    String comparison(@PathVariable String comparisonId, Model model) {
        Map<String, Object> comparison = api.get(Api.path("/api/eval/comparisons/{id}", comparisonId));
        model.addAttribute("comparison", comparison);
        model.addAttribute("plot", ForestPlot.of((Map<String, Object>) comparison.getOrDefault("metrics", Map.of())));
        return "comparison";
    }
}
