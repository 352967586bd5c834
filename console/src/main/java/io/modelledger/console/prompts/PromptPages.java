package io.modelledger.console.prompts;

import io.modelledger.console.api.Api;
import io.modelledger.console.api.ApiException;
import io.modelledger.console.session.ConsoleUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Prompts: the catalogue, and one prompt with its aliases, its versions, the chosen version's template, the diff to
 * another version, and a preview of the template rendered with variables typed here (the API renders it, strictly: a
 * missing variable is an error next to its field).
 */
@Controller
class PromptPages {

    static final int PAGE = 25;

    private final Api api;

    PromptPages(Api api) {
        this.api = api;
    }

    @GetMapping("/prompts")
    String prompts(@RequestParam(required = false) String q, @RequestParam(required = false) String after, Model model) {
        model.addAttribute("page", api.get(Api.path("/api/registry/prompts").query("q", q).query("after", after).query("limit", PAGE)));
        model.addAttribute("q", q);
        model.addAttribute("paged", after != null && !after.isBlank());
        return "prompts";
    }

    @GetMapping("/prompts/{name}")
    String prompt(@PathVariable String name, @RequestParam(required = false) Integer version,
                  @RequestParam(required = false) Integer compare, Model model) {
        fill(name, version, compare, model);
        return "prompt";
    }

    @PostMapping("/prompts/{name}/versions/{version}/preview")
    String preview(@PathVariable String name, @PathVariable int version, @RequestParam Map<String, String> form, Model model) {
        Map<String, Object> variables = new LinkedHashMap<>();
        form.forEach((field, value) -> {
            if (field.startsWith("var.")) {
                variables.put(field.substring(4), value);
            }
        });
        fill(name, version, null, model);
        model.addAttribute("values", variables);
        try {
            model.addAttribute("rendered", api.send("POST", Api.path("/api/registry/prompts/{name}/versions/{v}/render", name, version),
                                                    Map.of("variables", variables), null));
        } catch (ApiException e) {
            e.rethrowIfSignedOut();
            model.addAttribute("previewError", e);
        }
        return "prompt";
    }

    private void fill(String name, Integer version, Integer compare, Model model) {
        Map<String, Object> prompt = api.get(Api.path("/api/registry/prompts/{name}", name));
        int latest = ((Number) prompt.getOrDefault("latestVersion", 0)).intValue();
        int shown = version == null || version < 1 || version > latest ? latest : version;
        model.addAttribute("prompt", prompt);
        model.addAttribute("versions", IntStream.rangeClosed(1, latest).boxed().sorted(java.util.Comparator.reverseOrder()).toList());
        model.addAttribute("shown", shown);
        model.addAttribute("canPreview", ConsoleUser.current().hasRole("contributor") || ConsoleUser.current().hasRole("admin"));
        if (shown > 0) {
            model.addAttribute("version", api.get(Api.path("/api/registry/prompts/{name}/versions/{v}", name, shown)));
            int other = compare != null && compare >= 1 && compare <= latest && compare != shown ? compare : shown - 1;
            if (other >= 1) {
                model.addAttribute("compare", other);
                Map<String, Object> diff = api.get(Api.path("/api/registry/prompts/{name}/diff", name)
                                                      .query("from", Math.min(other, shown)).query("to", Math.max(other, shown)));
                model.addAttribute("diff", diff);
                model.addAttribute("diffLines", TemplateDiff.lines(diff));
            }
        }
    }
}
