package io.modelledger.console.evaluations;

import io.modelledger.console.api.Api;
import io.modelledger.console.api.JsonObject;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recent evaluation runs, and one run: its status and progress (the page follows a running run without a reload,
 * htmx polling until it ends), its metrics against their thresholds, and each case's output against what was
 * expected, the differing words marked.
 */
@Controller
class EvaluationPages {

    static final int CASES_SHOWN = 100;

    private final Api api;

    EvaluationPages(Api api) {
        this.api = api;
    }

    @GetMapping("/evaluations")
    String runs(Model model) {
        List<Object> runs = new ArrayList<>(api.getList(Api.path("/api/eval/runs").query("subjectKind", "model").query("limit", 50)));
        runs.addAll(api.getList(Api.path("/api/eval/runs").query("subjectKind", "prompt").query("limit", 50)));
        runs.sort(java.util.Comparator.comparing((Object run) -> startedAt(run)).reversed());
        model.addAttribute("runs", runs);
        return "evaluations";
    }

    private static java.time.Instant startedAt(Object run) {
        Object at = ((Map<?, ?>) run).get("startedAt");
        return at == null ? java.time.Instant.EPOCH : java.time.Instant.parse(String.valueOf(at));
    }

    @GetMapping("/evaluations/runs/{runId}")
    String run(@PathVariable String runId, Model model) {
        fill(runId, model);
        return "run";
    }

    /** The part of the run page that changes while it runs. */
    @GetMapping("/evaluations/runs/{runId}/live")
    String live(@PathVariable String runId, Model model) {
        fill(runId, model);
        return "run :: live";
    }

    @SuppressWarnings("unchecked")
    private void fill(String runId, Model model) {
        Map<String, Object> run = api.get(Api.path("/api/eval/runs/{id}", runId));
        boolean finished = !List.of("queued", "running").contains(String.valueOf(run.get("status")));
        List<Map<String, Object>> rows = new ArrayList<>();
        if (finished || ((Number) run.getOrDefault("casesDone", 0)).intValue() > 0) {
            Map<String, Object> page = api.get(Api.path("/api/eval/runs/{id}/results", runId).query("limit", CASES_SHOWN));
            Map<String, String> expected = expected(run);
            for (Map<String, Object> result : (List<Map<String, Object>>) page.getOrDefault("results", List.of())) {
                JsonObject row = JsonObject.copy(result);
                String want = expected.get(String.valueOf(result.get("caseId")));
                row.put("expected", want);
                row.put("sides", want == null ? null : WordDiff.of(want, result.get("output") == null ? "" : String.valueOf(result.get("output"))));
                rows.add(row);
            }
        }
        model.addAttribute("run", run);
        model.addAttribute("finished", finished);
        model.addAttribute("results", rows);
    }

    /** The suite version's expected texts by case id (the first page of cases, as many as results are shown). */
    @SuppressWarnings("unchecked")
    private Map<String, String> expected(Map<String, Object> run) {
        Map<String, String> expected = new HashMap<>();
        if (run.get("suiteName") == null) {
            return expected;
        }
        Map<String, Object> cases = api.get(Api.path("/api/eval/suites/{name}/versions/{version}/cases", run.get("suiteName"), run.get("suiteVersion"))
                                               .query("limit", CASES_SHOWN));
        for (Map<String, Object> c : (List<Map<String, Object>>) cases.getOrDefault("cases", List.of())) {
            if (c.get("expected") != null) {
                expected.put(String.valueOf(c.get("id")), String.valueOf(c.get("expected")));
            }
        }
        return expected;
    }
}
