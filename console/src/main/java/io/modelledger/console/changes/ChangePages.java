package io.modelledger.console.changes;

import io.modelledger.console.Paths;
import io.modelledger.console.api.Api;
import io.modelledger.console.api.ApiException;
import io.modelledger.console.changes.ChangeForm.Field;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.List;
import java.util.Map;

/**
 * The forms for governed changes: register a dataset and its versions, a model and its versions (with lineage), a prompt
 * and its versions, assign an alias, define a model's or prompt's promotion policy (a later one is a change a second
 * admin approves), deploy (all traffic, or a share as a canary), roll back and retire. Each posts to the API as the signed-in person, with the reason they give
 * for the audit trail; the API's validation errors show next to their fields and nothing changes.
 */
@Controller
class ChangePages {

    private static final Field REASON = Field.text(ChangeForm.REASON, "Why (goes into the audit trail)", null);
    static final List<String> RISK_TIERS = List.of("", "minimal", "limited", "high", "unacceptable");

    static final ChangeForm DATASET = new ChangeForm("Register a dataset", null, "Register", List.of(
            Field.text("name", "Name", "letters, digits, '-', '_' and '.'"), Field.text("owner", "Owner", "a team or person, e.g. team:risk"),
            Field.text("description", "Description", null), REASON));
    static final ChangeForm DATASET_VERSION = new ChangeForm("Register a dataset version", "Versions are immutable.", "Register", List.of(
            Field.text("uri", "Location (URI)", "s3://…, gs://…, https://…"), Field.text("sha256", "SHA-256 of the content", "64 hex digits"),
            Field.number("rowCount", "Rows", null), Field.checkbox("containsPersonalData", "Holds personal data", null), REASON));
    static final ChangeForm MODEL = new ChangeForm("Register a model", null, "Register", List.of(
            Field.text("name", "Name", "letters, digits, '-', '_' and '.'"), Field.text("description", "Description", null),
            Field.text("ownerTeam", "Owner team", null), Field.select("riskTier", "Risk tier (EU AI Act)", null, RISK_TIERS), REASON));
    static final ChangeForm VERSION = new ChangeForm("Register a version", "Versions are immutable: artifact, digest and lineage.", "Register",
            List.of(Field.text("artifactUri", "Artifact URI", "where the model file is, e.g. s3://models/fraud/3/model.onnx"),
                    Field.text("sha256", "SHA-256 of the artifact", "64 hex digits"), Field.text("framework", "Framework", "onnx, sklearn, …"),
                    Field.text("lineage.trainingData[0].dataset", "Trained on dataset", null),
                    Field.number("lineage.trainingData[0].version", "… its version", null),
                    Field.text("lineage.codeRepository", "Code repository", null), Field.text("lineage.codeCommit", "Commit", null),
                    Field.text("lineage.trainingRunId", "Training run", null), Field.text("notes", "Notes", null), REASON));
    static final ChangeForm ALIAS = new ChangeForm("Assign an alias", "Only an alias without a policy moves this way; a protected one moves by "
            + "promotion (open the version and ask for it).", "Assign", List.of(
            Field.text("alias", "Alias", "e.g. staging"), Field.number("version", "Version", null), REASON));
    private static final String POLICY_INTRO = "Admins only. The first policy of an alias holds at once; any later one is a change that a "
            + "second admin approves. A suite is pinned by the SHA-256 of its version (on the suite's page): a verdict of another version "
            + "never counts.";

    /** Row {@code i} of a policy's suite requirements; a row left empty is not sent. */
    private static List<Field> suite(int i, String label, String outputsCount) {
        String row = "requirements[" + i + "].";
        return List.of(Field.text(row + "suite", label, "empty: none"),
                       Field.text(row + "suiteSha256", "… pinned to its version's SHA-256", "64 hex digits"),
                       Field.number(row + "minCases", "… on at least this many cases", "empty: 1"),
                       Field.number(row + "maxErrorRate", "… with at most this share failed", "0 to 1; empty: 0"),
                       Field.checkbox(row + "allowPredictions", "… " + outputsCount, null));
    }

    private static List<Field> fields(List<?>... groups) {
        List<Field> all = new java.util.ArrayList<>();
        for (List<?> group : groups) {
            group.forEach(f -> all.add((Field) f));
        }
        return List.copyOf(all);
    }

    private static final List<Field> APPROVALS = List.of(
            Field.text("alias", "Alias it protects", "e.g. production"), Field.number("requiredApprovals", "Approvals needed", "0 to 10"),
            Field.checkbox("forbidSelfApproval", "Never by the requester", null));
    private static final Field REQUEST_TTL = Field.text("requestTtl", "A request lapses after", "ISO-8601, e.g. PT72H; empty: 3 days");

    static final ChangeForm POLICY = new ChangeForm("Define a promotion policy", POLICY_INTRO, "Define", fields(
            APPROVALS, List.of(Field.checkbox("blockOnCriticalAlerts", "Open critical alerts block a promotion", null)),
            suite(0, "Evaluation suite that must pass", "uploaded predictions count (not only runs against the serving endpoint)"),
            suite(1, "A second suite", "uploaded predictions count"),
            List.of(Field.text("canary.environment", "A canary must have passed in environment", "empty: no canary analysis required"),
                    Field.number("canary.minRecords", "… on at least this many records", null),
                    Field.number("maxCanaryPercent", "Largest canary share (percent)", "only for an alias '<environment>-canary': 1 to 49"),
                    REQUEST_TTL, REASON)));
    static final ChangeForm DEPLOY = new ChangeForm("Deploy", "100 percent serves the version alone; less runs it as a canary beside the "
            + "version serving now. A protected environment serves only the version holding its alias.", "Deploy", List.of(
            Field.text("environment", "Environment", "e.g. staging"), Field.number("version", "Version", null),
            Field.number("percent", "Share of traffic (percent)", "1 to 100; empty is 100"), REASON));

    static final ChangeForm PROMPT = new ChangeForm("Register a prompt", null, "Register", List.of(
            Field.text("name", "Name", "letters, digits, '-', '_' and '.'"), Field.text("description", "Description", null), REASON));
    static final ChangeForm PROMPT_VERSION = new ChangeForm("Register a prompt version", "Versions are immutable. Variables are written "
            + "{{name}} in the template.", "Register", List.of(
            Field.textarea("template", "Template", "e.g. Answer the customer's question: {{question}}"),
            Field.text("targetProvider", "Provider", "openai, anthropic, …"), Field.text("targetModel", "Model", "e.g. gpt-4o-mini"),
            Field.json("parameters", "Parameters (JSON)", "e.g. {\"temperature\": 0}"),
            Field.text("commitMessage", "What changed", "like a commit message"), REASON));
    static final ChangeForm PROMPT_ALIAS = new ChangeForm("Assign a prompt alias", "Only an alias without a policy moves this way; a "
            + "protected one moves by promotion.", "Assign", List.of(
            Field.text("alias", "Alias", "e.g. staging"), Field.number("version", "Version", null), REASON));
    static final ChangeForm PROMPT_POLICY = new ChangeForm("Define a prompt's promotion policy", POLICY_INTRO, "Define", fields(
            APPROVALS, suite(0, "Evaluation suite that must pass", "uploaded outputs count (not only runs against the named target)"),
            List.of(REQUEST_TTL, REASON)));

    private final Api api;

    ChangePages(Api api) {
        this.api = api;
    }

    @GetMapping("/datasets/new")
    String newDataset(Model model) {
        return show(DATASET, "/datasets/new", Map.of(), null, model);
    }

    @PostMapping("/datasets/new")
    String registerDataset(@RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        return submit(DATASET, "/datasets/new", "POST", Api.path("/api/registry/datasets"), form, model, redirect,
                      "/datasets/" + Paths.segment(form.getOrDefault("name", "").strip()) + "/versions/new", "Dataset registered: now its first version");
    }

    @GetMapping("/datasets/{name}/versions/new")
    String newDatasetVersion(@PathVariable String name, Model model) {
        return show(DATASET_VERSION, "/datasets/" + Paths.segment(name) + "/versions/new", Map.of(), name, model);
    }

    @PostMapping("/datasets/{name}/versions/new")
    String registerDatasetVersion(@PathVariable String name, @RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        return registerNewVersion(DATASET_VERSION, "/datasets/" + Paths.segment(name), "/versions/", Api.path("/api/registry/datasets/{name}/versions", name),
                                  form, model, redirect, name);
    }

    @GetMapping("/models/new")
    String newModel(Model model) {
        return show(MODEL, "/models/new", Map.of(), null, model);
    }

    @PostMapping("/models/new")
    String registerModel(@RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        return submit(MODEL, "/models/new", "POST", Api.path("/api/registry/models"), form, model, redirect,
                      "/models/" + Paths.segment(form.getOrDefault("name", "").strip()), "Model registered");
    }

    @GetMapping("/models/{name}/versions/new")
    String newVersion(@PathVariable String name, Model model) {
        return show(VERSION, "/models/" + Paths.segment(name) + "/versions/new", Map.of(), name, model);
    }

    @PostMapping("/models/{name}/versions/new")
    String registerVersion(@PathVariable String name, @RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        return registerNewVersion(VERSION, "/models/" + Paths.segment(name), "/versions/", Api.path("/api/registry/models/{name}/versions", name),
                                  form, model, redirect, name);
    }

    @GetMapping("/models/{name}/aliases/assign")
    String assignAlias(@PathVariable String name, Model model) {
        return show(ALIAS, "/models/" + Paths.segment(name) + "/aliases/assign", Map.of(), name, model);
    }

    @PostMapping("/models/{name}/aliases/assign")
    String assign(@PathVariable String name, @RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        return assignAlias(ALIAS, "models", name, form, model, redirect);
    }

    /** Moves an unprotected alias of a model or prompt ({@code kind}); the alias is a path segment of the API, not a body field. */
    private String assignAlias(ChangeForm aliasForm, String kind, String name, Map<String, String> form, Model model, RedirectAttributes redirect) {
        String alias = form.getOrDefault("alias", "").strip();
        String subject = "/" + kind + "/" + Paths.segment(name);
        return submit(aliasForm, subject + "/aliases/assign", "PUT",
                      Api.path("/api/registry/" + kind + "/{name}/aliases/{alias}", name, alias.isEmpty() ? "-" : alias), without(form, "alias"),
                      model, redirect, subject, "Alias '" + alias + "' assigned", name);
    }

    @GetMapping("/models/{name}/policies/new")
    String newPolicy(@PathVariable String name, Model model) {
        return show(POLICY, "/models/" + Paths.segment(name) + "/policies/new", Map.of("forbidSelfApproval", "on", "blockOnCriticalAlerts", "on"),
                    name, model);
    }

    @PostMapping("/models/{name}/policies/new")
    String definePolicy(@PathVariable String name, @RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        return policy(POLICY, "models", name, form, model, redirect);
    }

    /** Defines a model's or prompt's policy; a change of one in force waits for a second admin, so its page is shown next. */
    private String policy(ChangeForm policyForm, String kind, String name, Map<String, String> form, Model model, RedirectAttributes redirect) {
        String alias = form.getOrDefault("alias", "").strip();
        String self = "/" + kind + "/" + Paths.segment(name) + "/policies/new";
        Map<String, Object> answer = send(policyForm, self, "PUT", Api.path("/api/registry/" + kind + "/{name}/policies/{alias}", name,
                                                                            alias.isEmpty() ? "-" : alias),
                                          without(form, "alias"), model, name);
        if (answer == null) {
            return "change";
        }
        redirect.addFlashAttribute("notice", "Policy for '" + alias + "': " + answer.get("status")
                                             + (answer.get("detail") != null ? " (" + answer.get("detail") + ")" : ""));
        return "pending".equals(answer.get("status")) && answer.get("changeId") instanceof String changeId
                ? "redirect:/approvals/policy-changes/" + Paths.segment(changeId)
                : "redirect:/" + kind + "/" + Paths.segment(name);
    }

    @GetMapping("/prompts/new")
    String newPrompt(Model model) {
        return show(PROMPT, "/prompts/new", Map.of(), null, model);
    }

    @PostMapping("/prompts/new")
    String registerPrompt(@RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        return submit(PROMPT, "/prompts/new", "POST", Api.path("/api/registry/prompts"), form, model, redirect,
                      "/prompts/" + Paths.segment(form.getOrDefault("name", "").strip()) + "/versions/new", "Prompt registered: now its first version");
    }

    @GetMapping("/prompts/{name}/versions/new")
    String newPromptVersion(@PathVariable String name, Model model) {
        return show(PROMPT_VERSION, "/prompts/" + Paths.segment(name) + "/versions/new", Map.of(), name, model);
    }

    @PostMapping("/prompts/{name}/versions/new")
    String registerPromptVersion(@PathVariable String name, @RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        // a prompt's page shows one version at a time: ?version=N
        return registerNewVersion(PROMPT_VERSION, "/prompts/" + Paths.segment(name), "?version=", Api.path("/api/registry/prompts/{name}/versions", name),
                                  form, model, redirect, name);
    }

    @GetMapping("/prompts/{name}/aliases/assign")
    String assignPromptAlias(@PathVariable String name, Model model) {
        return show(PROMPT_ALIAS, "/prompts/" + Paths.segment(name) + "/aliases/assign", Map.of(), name, model);
    }

    @PostMapping("/prompts/{name}/aliases/assign")
    String assignPrompt(@PathVariable String name, @RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        return assignAlias(PROMPT_ALIAS, "prompts", name, form, model, redirect);
    }

    @GetMapping("/prompts/{name}/policies/new")
    String newPromptPolicy(@PathVariable String name, Model model) {
        return show(PROMPT_POLICY, "/prompts/" + Paths.segment(name) + "/policies/new", Map.of("forbidSelfApproval", "on"), name, model);
    }

    @PostMapping("/prompts/{name}/policies/new")
    String definePromptPolicy(@PathVariable String name, @RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        return policy(PROMPT_POLICY, "prompts", name, form, model, redirect);
    }

    @GetMapping("/models/{name}/deployments/new")
    String newDeployment(@PathVariable String name, Model model) {
        return show(DEPLOY, "/models/" + Paths.segment(name) + "/deployments/new", Map.of(), name, model);
    }

    @PostMapping("/models/{name}/deployments/new")
    String deploy(@PathVariable String name, @RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        String environment = form.getOrDefault("environment", "").strip();
        return submit(DEPLOY, "/models/" + Paths.segment(name) + "/deployments/new", "PUT",
                      Api.path("/api/registry/models/{name}/deployments/{environment}", name, environment.isEmpty() ? "-" : environment),
                      without(form, "environment"), model, redirect, "/models/" + Paths.segment(name), "Deployed to " + environment, name);
    }

    @PostMapping("/models/{name}/deployments/{environment}/{action:rollback|retire}")
    String rollBackOrRetire(@PathVariable String name, @PathVariable String environment, @PathVariable String action,
                            @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        if ("rollback".equals(action)) {
            api.send("POST", Api.path("/api/registry/models/{name}/deployments/{environment}/rollbacks", name, environment), null, reason);
            redirect.addFlashAttribute("notice", environment + " rolled back to its previous split");
        } else {
            api.send("DELETE", Api.path("/api/registry/models/{name}/deployments/{environment}", name, environment), null, reason);
            redirect.addFlashAttribute("notice", "The deployment in " + environment + " is retired");
        }
        return "redirect:/models/" + Paths.segment(name);
    }

    /** A new version of a dataset, model or prompt, then its page: {@code subjectPage + versionPage +} the number the API gave. */
    private String registerNewVersion(ChangeForm form, String subjectPage, String versionPage, Api.Uri uri, Map<String, String> submitted,
                                      Model model, RedirectAttributes redirect, String subject) {
        Map<String, Object> answer = send(form, subjectPage + "/versions/new", "POST", uri, submitted, model, subject);
        if (answer == null) {
            return "change";
        }
        redirect.addFlashAttribute("notice", "Version " + answer.get("version") + " registered");
        return "redirect:" + subjectPage + versionPage + answer.get("version");
    }

    private String show(ChangeForm form, String action, Map<String, String> values, String subject, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("action", action);
        model.addAttribute("values", values);
        model.addAttribute("subject", subject);
        model.addAttribute("section", action.split("/")[1]);
        return "change";
    }

    private String submit(ChangeForm form, String self, String method, Api.Uri uri, Map<String, String> submitted, Model model,
                          RedirectAttributes redirect, String success, String notice) {
        return submit(form, self, method, uri, submitted, model, redirect, success, notice, null);
    }

    private String submit(ChangeForm form, String self, String method, Api.Uri uri, Map<String, String> submitted, Model model,
                          RedirectAttributes redirect, String success, String notice, String subject) {
        if (send(form, self, method, uri, submitted, model, subject) == null) {
            return "change";
        }
        redirect.addFlashAttribute("notice", notice);
        return "redirect:" + success;
    }

    /** The API's answer, or null after putting its error and the submitted values back on the form. */
    private Map<String, Object> send(ChangeForm form, String self, String method, Api.Uri uri, Map<String, String> submitted, Model model,
                                     String subject) {
        try {
            return api.send(method, uri, form.body(submitted), submitted.get(ChangeForm.REASON));
        } catch (ApiException e) {
            e.rethrowIfSignedOut();
            show(form, self, submitted, subject, model);
            model.addAttribute("error", e);
            return null;
        }
    }

    private static Map<String, String> without(Map<String, String> form, String field) {
        Map<String, String> rest = new java.util.LinkedHashMap<>(form);
        rest.remove(field);
        return rest;
    }
}
