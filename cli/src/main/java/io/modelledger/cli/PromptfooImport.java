package io.modelledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code eval import-promptfoo}: a promptfoo config becomes a suite (each test a case with its own assertions, judged
 * by the {@code assertions} metric as promptfoo judges a test) plus one prompt version per prompt. Assertions without
 * an equivalent are reported one by one, naming the test and the assertion; nothing is dropped silently.
 */
@Command(name = "import-promptfoo", description = {"Turns a promptfoo config (promptfooconfig.yaml) into a suite and prompt versions.",
        "Each test becomes a case with its own assertions; the suite's 'assertions' metric passes when every case passes,",
        "as 'promptfoo eval' does. Assertions with no equivalent (javascript, python, llm-rubric, …) are listed one by one."})
final class PromptfooImport extends Base {

    @Parameters(paramLabel = "CONFIG", description = "promptfooconfig.yaml")
    Path config;
    @Option(names = "--suite", required = true, paramLabel = "NAME", description = "The suite to publish.")
    String suite;
    @Option(names = "--prompt", paramLabel = "NAME", description = "The prompt whose versions the config's prompts become (default: the suite's name).")
    String prompt;
    @Option(names = "--pass-rate", defaultValue = "1.0", paramLabel = "SHARE",
            description = "The share of cases that must pass for the suite's verdict (default ${DEFAULT-VALUE}: all, as promptfoo).")
    double passRate;
    @Option(names = "--dry-run", description = "Report the mapping; publish nothing.")
    boolean dryRun;
    @Option(names = "--fail-on-unsupported", description = "Publish nothing and exit 1 when an assertion has no equivalent.")
    boolean failOnUnsupported;

    /** The tag of a case that lost an assertion in the import: it is judged by the others only. */
    static final String PARTIAL = "promptfoo:unsupported-assertions";
    private static final long MAX_INCLUDED_BYTES = 1024 * 1024;

    /** Assertion types (without a not- prefix) that map onto a check, and the check. */
    static final Map<String, String> MAPPED = Map.ofEntries(
            Map.entry("equals", "equals"), Map.entry("contains", "contains"), Map.entry("icontains", "contains"),
            Map.entry("contains-any", "contains"), Map.entry("icontains-any", "contains"), Map.entry("contains-all", "contains"),
            Map.entry("icontains-all", "contains"), Map.entry("regex", "regex"), Map.entry("starts-with", "starts_with"),
            Map.entry("is-json", "json_valid"), Map.entry("contains-json", "contains_json"), Map.entry("levenshtein", "levenshtein"),
            Map.entry("similar", "semantic_similarity"), Map.entry("latency", "latency"), Map.entry("cost", "cost"));

    /** Why the types people use most have no equivalent here. */
    static final Map<String, String> WHY_NOT = Map.ofEntries(
            Map.entry("javascript", "runs JavaScript, which the platform does not execute"),
            Map.entry("python", "runs Python, which the platform does not execute"),
            Map.entry("webhook", "calls a webhook"),
            Map.entry("llm-rubric", "needs an LLM grader; the platform has no model-graded checks"),
            Map.entry("model-graded-closedqa", "needs an LLM grader"), Map.entry("factuality", "needs an LLM grader"),
            Map.entry("g-eval", "needs an LLM grader"), Map.entry("answer-relevance", "needs an LLM grader"),
            Map.entry("context-faithfulness", "needs an LLM grader (the closest check here is groundedness)"),
            Map.entry("context-recall", "needs an LLM grader"), Map.entry("context-relevance", "needs an LLM grader"),
            Map.entry("select-best", "compares outputs across prompts"), Map.entry("moderation", "calls a moderation API (the closest check here is toxicity)"),
            Map.entry("rouge-n", "ROUGE is not a check here"), Map.entry("bleu", "BLEU is not a check here"),
            Map.entry("perplexity", "needs token log-probabilities"), Map.entry("classifier", "needs a classifier model"));

    /** Nunjucks that the registry's templates do not run: tags ({@code {% … %}}) and filters ({@code {{ x | upper }}}). */
    private static final Pattern NUNJUCKS = Pattern.compile("\\{%|\\{\\{[^}]*\\|[^}]*}}");
    private static final int MAX_CASES = 100_000;

    /** What the import would publish, and what it could not carry over. */
    record Plan(ObjectNode suite, List<ObjectNode> prompts, ArrayNode unsupported, List<String> notes, Map<String, Integer> mapped) {
    }

    @Override
    public Integer call() throws Exception {
        Plan plan = plan(config, passRate);
        String promptName = prompt != null ? prompt : suite;
        if (failOnUnsupported && !plan.unsupported().isEmpty()) {
            plan.unsupported().forEach(u -> err().println("not imported: test " + text(u, "test") + ", assertion " + text(u, "assertion")
                                                                   + " (" + text(u, "type") + "): " + text(u, "reason")));
            err().println("Nothing published: " + plan.unsupported().size() + " assertion(s) have no equivalent (--fail-on-unsupported).");
            return ModelLedger.GATE_FAILED;
        }
        ObjectNode document = object();
        document.put("suite", suite).put("prompt", promptName).put("cases", plan.suite().path("cases").size());
        document.set("mapped", JSON.valueToTree(plan.mapped()));
        document.set("unsupported", plan.unsupported());
        document.set("notes", JSON.valueToTree(plan.notes()));
        ArrayNode pushed = document.putArray("prompts");
        if (!dryRun) {
            Api api = api();
            boolean existed = Prompts.ensure(api, promptName, "imported from promptfoo " + config.getFileName());
            for (ObjectNode p : plan.prompts()) {
                ObjectNode version = pushed.addObject().put("label", p.path("label").asText());
                Integer existing = existed ? existingVersion(api, promptName, p) : null;
                if (existing != null) {
                    version.put("version", existing).put("created", false);
                } else {
                    Map<String, Object> parameters = JSON.convertValue(p.path("parameters"), Map.class);
                    JsonNode registered = Prompts.push(api, promptName, p.path("template").asText(), text(p, "targetProvider").isEmpty() ? null
                            : text(p, "targetProvider"), text(p, "targetModel").isEmpty() ? null : text(p, "targetModel"), parameters,
                                                       "imported from promptfoo: " + p.path("label").asText());
                    version.put("version", registered.path("version").asInt()).put("created", true);
                }
            }
            JsonNode published = api.postForAnswer(Api.path("api", "eval", "suites", suite, "versions"), plan.suite()).body();
            document.set("published", published);
        }
        emit(document, () -> report(plan, document));
        plan.unsupported().forEach(u -> err().println("not imported: test " + text(u, "test") + ", assertion " + text(u, "assertion")
                                                               + " (" + text(u, "type") + "): " + text(u, "reason")));
        return ModelLedger.OK;
    }

    private void report(Plan plan, ObjectNode document) {
        out().println((dryRun ? "Would import " : "Imported ") + plan.suite().path("cases").size() + " test(s) as cases of suite " + suite
                              + (document.has("published") ? " v" + document.path("published").path("version").asInt()
                + (document.path("published").path("created").asBoolean() ? "" : " (unchanged)") : ""));
        document.path("prompts").forEach(p -> out().println("  prompt " + document.path("prompt").asText() + " v" + p.path("version").asInt()
                + (p.path("created").asBoolean() ? "" : " (already there)") + " <- " + text(p, "label")));
        if (!dryRun) {
            out().println("Run it: modelledger eval run --suite " + suite + " --subject prompt:" + document.path("prompt").asText() + ":VERSION --target NAME --wait --fail-on-verdict");
        }
        out().println("Assertions mapped: " + plan.mapped());
        plan.notes().forEach(n -> out().println("note: " + n));
    }

    /** The version of the prompt that already holds this template, target and parameters (a re-import pushes nothing new). */
    private static Integer existingVersion(Api api, String name, ObjectNode candidate) throws IOException {
        int latest;
        try {
            latest = api.get(Api.path("api", "registry", "prompts", name)).path("latestVersion").asInt();
        } catch (Api.ApiException e) {
            if (e.status == 404) { // registered a moment ago, not in the catalogue yet: no version to reuse
                return null;
            }
            throw e;
        }
        for (int v = latest; v >= 1 && v > latest - 50; v--) {
            JsonNode version = api.get(Api.path("api", "registry", "prompts", name, "versions", String.valueOf(v)));
            JsonNode parameters = version.path("parameters").isObject() ? version.get("parameters") : JSON.createObjectNode();
            if (version.path("template").asText().equals(candidate.path("template").asText())
                    && text(version, "targetProvider").equals(text(candidate, "targetProvider"))
                    && text(version, "targetModel").equals(text(candidate, "targetModel"))
                    && parameters.equals(candidate.path("parameters"))) {
                return v;
            }
        }
        return null;
    }

    /** Reads the config and maps it; throws a usage error for a config that cannot be read at all. */
    static Plan plan(Path config, double passRate) throws IOException {
        if (!(passRate > 0 && passRate <= 1)) {
            throw new ModelLedger.UsageError("--pass-rate must be in (0, 1]");
        }
        JsonNode root = Eval.readDocument(config);
        if (!root.isObject()) {
            throw new ModelLedger.UsageError(config + " is not a promptfoo config (a YAML mapping with prompts and tests)");
        }
        Path dir = config.toAbsolutePath().getParent();
        List<String> notes = new ArrayList<>();
        ArrayNode unsupported = JSON.createArrayNode();
        Map<String, Integer> mapped = new java.util.TreeMap<>();

        List<ObjectNode> prompts = prompts(root, dir, notes);
        java.util.Set<String> placeholders = new java.util.LinkedHashSet<>();
        prompts.forEach(p -> placeholders.addAll(io.modelledger.contracts.prompt.PromptTemplate.variables(p.path("template").asText())));
        java.util.Set<String> reported = new java.util.HashSet<>();
        JsonNode defaults = root.path("defaultTest");
        List<JsonNode> tests = tests(root.path("tests"), dir);
        ObjectNode suite = JSON.createObjectNode();
        suite.put("description", root.path("description").asText("imported from promptfoo " + config.getFileName()));
        suite.putArray("metrics").addObject().put("name", "assertions").put("metric", "assertions").put("threshold", passRate);
        ArrayNode cases = suite.putArray("cases");
        Set<String> ids = new java.util.HashSet<>();
        boolean similar = false;
        boolean equalsNoted = false;
        for (int t = 0; t < tests.size(); t++) {
            JsonNode test = tests.get(t);
            String label = (t + 1) + (test.path("description").isTextual() ? " (" + test.path("description").asText() + ")" : "");
            ObjectNode vars = JSON.createObjectNode();
            if (defaults.path("vars").isObject()) {
                vars.setAll((ObjectNode) defaults.get("vars").deepCopy());
            }
            if (test.path("vars").isObject()) {
                vars.setAll((ObjectNode) test.get("vars").deepCopy());
            }
            vars.fields().forEachRemaining(v -> {
                if (v.getValue().isTextual() && v.getValue().asText().startsWith("file://")) {
                    notes.add("test " + label + ": var '" + v.getKey() + "' names a file, which is not read: its value is the path");
                }
            });
            List<String> unset = placeholders.stream().filter(p -> !vars.has(p)).toList();
            if (!unset.isEmpty()) {
                notes.add("test " + label + " gives no value for " + unset + ": rendered empty, as promptfoo's Nunjucks does");
                unset.forEach(p -> vars.put(p, ""));
            }
            List<ObjectNode> combinations = combinations(vars, label);
            List<JsonNode> asserts = new ArrayList<>();
            defaults.path("assert").forEach(asserts::add);
            test.path("assert").forEach(asserts::add);
            for (String unknown : List.of("options", "provider", "providerOutput")) {
                if (test.has(unknown)) {
                    notes.add("test " + label + ": '" + unknown + "' is not carried over");
                }
            }
            for (int c = 0; c < combinations.size(); c++) {
                ObjectNode variables = combinations.get(c);
                ObjectNode kase = cases.addObject();
                String id = id(t + 1, test.path("description").asText(""), combinations.size() > 1 ? c + 1 : 0, ids);
                kase.put("id", id);
                if (variables.isEmpty()) {
                    kase.put("input", test.path("description").asText("test " + (t + 1)));
                    notes.add("test " + label + " has no vars, and the prompts use none: its description stands in as the case's input");
                } else {
                    kase.set("variables", variables);
                }
                if (test.path("threshold").isNumber()) {
                    kase.put("threshold", test.get("threshold").asDouble());
                }
                ArrayNode assertions = kase.putArray("assertions");
                for (int a = 0; a < asserts.size(); a++) {
                    JsonNode source = asserts.get(a);
                    boolean fromDefault = a < defaults.path("assert").size();
                    String where = fromDefault ? "defaultTest.assert[" + a + "]" : "assert[" + (a - defaults.path("assert").size()) + "]";
                    String type = source.path("type").asText("");
                    ObjectNode assertion = JSON.createObjectNode();
                    String reason = map(source, variables, assertion);
                    if (reason != null) {
                        // once per test, assertion and reason (a rendered regex may fail in one combination only)
                        if (reported.add(label + "\u0000" + where + "\u0000" + reason)) {
                            unsupported.addObject().put("test", label).put("assertion", where).put("type", type).put("reason", reason);
                        }
                        kase.putArray("tags").removeAll().add(PARTIAL);
                        continue;
                    }
                    assertions.add(assertion);
                    if (c == 0) {
                        mapped.merge(type, 1, Integer::sum);
                    }
                    similar |= type.endsWith("similar");
                    if (type.endsWith("equals") && !equalsNoted) {
                        notes.add("equals compares outputs with surrounding whitespace removed; promptfoo compares them exactly");
                        equalsNoted = true;
                    }
                }
                if (assertions.isEmpty()) {
                    kase.remove("assertions");
                    kase.remove("threshold");
                    if (c == 0) {
                        notes.add("test " + label + " has no assertion that could be imported: it passes whatever the output");
                    }
                }
                if (cases.size() > MAX_CASES) {
                    throw new ModelLedger.UsageError("the config expands to more than " + MAX_CASES + " cases");
                }
            }
        }
        if (similar) {
            notes.add("'similar' thresholds were carried over from a different embedding model: promptfoo scores with OpenAI's "
                              + "text-embedding-3-large by default, this platform with all-MiniLM-L6-v2, whose cosine similarities run lower; "
                              + "check the thresholds on a few outputs");
        }
        if (cases.isEmpty()) {
            throw new ModelLedger.UsageError(config + " has no tests");
        }
        // the suite metric needs a case with assertions; a config with none is judged by nothing
        boolean anyAssertion = false;
        for (JsonNode kase : cases) {
            anyAssertion |= kase.has("assertions");
        }
        if (!anyAssertion) {
            throw new ModelLedger.UsageError("no assertion of " + config + " could be imported; nothing would judge the outputs");
        }
        return new Plan(suite, prompts, unsupported, notes, mapped);
    }

    /** Maps one promptfoo assertion onto {@code into}; returns why it cannot be, or null. */
    static String map(JsonNode source, ObjectNode variables, ObjectNode into) {
        String type = source.path("type").asText("");
        if (type.isEmpty()) {
            return source.has("$ref") ? "a $ref to shared assertions is not resolved" : "the assertion has no type";
        }
        if (type.equals("assert-set")) {
            return "assert-set (a nested group with its own threshold) has no equivalent";
        }
        boolean negate = type.startsWith("not-");
        String base = negate ? type.substring(4) : type;
        String check = MAPPED.get(base);
        if (check == null) {
            return WHY_NOT.getOrDefault(base, "no equivalent check") + (negate ? " (negated)" : "");
        }
        for (String unsupportedField : List.of("transform", "provider", "rubricPrompt", "contextTransform")) {
            if (source.has(unsupportedField)) {
                return "its '" + unsupportedField + "' has no equivalent";
            }
        }
        JsonNode value = source.path("value");
        if (value.isTextual() && value.asText().startsWith("file://")) {
            return "a value read from a file (" + value.asText() + ") is not imported";
        }
        if (value.isTextual() && NUNJUCKS.matcher(value.asText()).find()) {
            return "its value uses Nunjucks logic or filters, which are not rendered here";
        }
        ObjectNode params = JSON.createObjectNode();
        into.put("check", check);
        switch (base) {
            case "equals", "contains", "icontains", "starts-with" -> {
                if (!(value.isValueNode() && !value.isNull())) {
                    return base + " with a " + (value.isMissingNode() || value.isNull() ? "missing" : "structured") + " value has no equivalent";
                }
                into.put("value", render(value.asText(), variables));
                if (base.startsWith("i")) {
                    params.put("ignoreCase", true);
                }
            }
            case "contains-any", "icontains-any", "contains-all", "icontains-all" -> {
                ArrayNode values = params.putArray("values");
                if (value.isArray()) {
                    value.forEach(v -> values.add(render(v.asText(), variables)));
                } else if (value.isTextual()) {
                    for (String v : value.asText().split(",")) {
                        values.add(render(v.strip(), variables));
                    }
                } else {
                    return base + " needs a list of values";
                }
                params.put("mode", base.endsWith("all") ? "all" : "any");
                if (base.startsWith("i")) {
                    params.put("ignoreCase", true);
                }
            }
            case "regex" -> {
                if (!value.isTextual()) {
                    return "regex needs a pattern";
                }
                String pattern = render(value.asText(), variables);
                try {
                    com.google.re2j.Pattern.compile(pattern);
                } catch (com.google.re2j.PatternSyntaxException e) {
                    return "the pattern needs a JavaScript regex feature RE2 does not have (back-references, look-around): " + e.getDescription();
                }
                params.put("pattern", pattern);
            }
            case "is-json", "contains-json" -> {
                if (value.isObject()) {
                    if (base.equals("is-json")) {
                        into.put("check", "json_schema");
                    }
                    params.set("schema", value);
                } else if (!(value.isMissingNode() || value.isNull())) {
                    return base + " with a schema that is not an inline object has no equivalent";
                }
            }
            case "levenshtein" -> {
                if (!value.isValueNode() || value.isNull()) {
                    return "levenshtein needs the expected text";
                }
                into.put("value", render(value.asText(), variables));
                params.put("maxDistance", source.path("threshold").isNumber() ? source.get("threshold").asInt() : 5);
            }
            case "similar" -> {
                if (!value.isTextual()) {
                    return "similar with several values (any may match) has no equivalent";
                }
                into.put("value", render(value.asText(), variables));
                into.put("threshold", source.path("threshold").isNumber() ? source.get("threshold").asDouble() : 0.75);
            }
            case "latency", "cost" -> {
                if (!source.path("threshold").isNumber()) {
                    return base + " needs a threshold";
                }
                into.put("threshold", source.get("threshold").asDouble());
            }
            default -> throw new IllegalStateException(base);
        }
        if (negate) {
            params.put("negate", true);
        }
        if (!params.isEmpty()) {
            into.set("params", params);
        }
        if (source.path("weight").isNumber()) {
            into.put("weight", source.get("weight").asDouble());
        }
        return null;
    }

    /** {@code {{name}}} replaced by the case's variable (left as it is when the case has no such variable). */
    static String render(String text, ObjectNode variables) {
        Map<String, String> values = new LinkedHashMap<>();
        variables.fields().forEachRemaining(v -> values.put(v.getKey(), v.getValue().isValueNode() ? v.getValue().asText() : v.getValue().toString()));
        return io.modelledger.contracts.prompt.PromptTemplate.fill(text, values);
    }

    /** promptfoo runs a test once per combination of its list-valued vars. */
    private static List<ObjectNode> combinations(ObjectNode vars, String label) {
        List<ObjectNode> combinations = new ArrayList<>();
        combinations.add(JSON.createObjectNode());
        Iterator<Map.Entry<String, JsonNode>> fields = vars.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            List<JsonNode> values = new ArrayList<>();
            if (field.getValue().isArray()) {
                field.getValue().forEach(values::add);
            } else {
                values.add(field.getValue());
            }
            if ((long) combinations.size() * values.size() > MAX_CASES) {
                throw new ModelLedger.UsageError("test " + label + " expands to more than " + MAX_CASES + " combinations of its vars");
            }
            List<ObjectNode> next = new ArrayList<>();
            for (ObjectNode combination : combinations) {
                for (JsonNode value : values) {
                    ObjectNode copy = combination.deepCopy();
                    copy.set(field.getKey(), value.isValueNode() ? value : JSON.getNodeFactory().textNode(value.toString()));
                    next.add(copy);
                }
            }
            combinations = next;
        }
        return combinations;
    }

    private static String id(int number, String description, int combination, Set<String> taken) {
        String slug = description.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        String id = number + (slug.isEmpty() ? "" : "-" + (slug.length() > 60 ? slug.substring(0, 60) : slug)) + (combination > 0 ? "." + combination : "");
        while (!taken.add(id)) {
            id = id + "'";
        }
        return id;
    }

    /** Tests inline, or from file:// YAML/JSON files (a glob is not expanded). */
    private static List<JsonNode> tests(JsonNode tests, Path dir) throws IOException {
        List<JsonNode> all = new ArrayList<>();
        List<JsonNode> sources = new ArrayList<>();
        if (tests.isArray()) {
            tests.forEach(sources::add);
        } else if (!tests.isMissingNode()) {
            sources.add(tests);
        }
        for (JsonNode source : sources) {
            if (source.isObject()) {
                all.add(source);
            } else if (source.isTextual() && source.asText().startsWith("file://")) {
                Path file = included(dir, source.asText(), "tests");
                String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                if (!(name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"))) {
                    throw new ModelLedger.UsageError("tests from " + source.asText() + ": only YAML or JSON test files are read (CSV, globs "
                                                             + "and scripts are not)");
                }
                JsonNode loaded = Eval.readDocument(file);
                loaded.forEach(all::add);
            } else {
                throw new ModelLedger.UsageError("tests: '" + source + "' is neither a test nor a file:// YAML/JSON file");
            }
        }
        return all;
    }

    /**
     * A {@code file://} reference of the config: a file under the config's own directory (symbolic links resolved),
     * at most 1 MiB. A config from an untrusted change must not publish {@code ~/.ssh/id_rsa} as a prompt.
     */
    static Path included(Path dir, String reference, String what) throws IOException {
        Path root = dir.toRealPath();
        Path file = dir.resolve(reference.substring("file://".length())).normalize();
        if (!Files.isRegularFile(file)) {
            throw new ModelLedger.UsageError(what + ": no file " + reference);
        }
        Path real = file.toRealPath();
        if (!real.startsWith(root)) {
            throw new ModelLedger.UsageError(what + ": " + reference + " is outside the config's directory " + root);
        }
        if (Files.size(real) > MAX_INCLUDED_BYTES) {
            throw new ModelLedger.UsageError(what + ": " + reference + " is larger than 1 MiB");
        }
        return real;
    }

    /** Each prompt with the first provider's target and parameters; prompts from files are read. */
    private static List<ObjectNode> prompts(JsonNode root, Path dir, List<String> notes) throws IOException {
        JsonNode given = root.path("prompts");
        List<JsonNode> list = new ArrayList<>();
        if (given.isArray()) {
            given.forEach(list::add);
        } else if (!given.isMissingNode()) {
            list.add(given);
        }
        if (list.isEmpty()) {
            throw new ModelLedger.UsageError("the config has no prompts");
        }
        String provider = null;
        String model = null;
        ObjectNode parameters = JSON.createObjectNode();
        JsonNode providers = root.path("providers");
        JsonNode first = providers.isArray() ? providers.path(0) : providers;
        String id = first.isTextual() ? first.asText() : first.path("id").asText("");
        if (!id.isEmpty()) {
            String[] parts = id.split(":");
            provider = parts[0];
            model = parts.length > 1 ? parts[parts.length - 1] : null;
            for (String parameter : List.of("temperature", "max_tokens", "top_p", "seed")) {
                if (first.path("config").path(parameter).isNumber()) {
                    parameters.set(parameter, first.path("config").get(parameter));
                }
            }
        }
        if (providers.isArray() && providers.size() > 1) {
            notes.add("the config compares " + providers.size() + " providers; the prompt versions target the first (" + id
                              + "): run the suite once per target to compare them");
        }
        List<ObjectNode> prompts = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode p = list.get(i);
            String raw = p.isTextual() ? p.asText() : p.path("raw").asText(p.path("id").asText(""));
            String label = p.path("label").asText(raw.length() > 40 ? raw.substring(0, 40) + "…" : raw);
            if (raw.startsWith("file://")) {
                Path file = included(dir, raw, "prompt " + (i + 1));
                raw = Files.readString(file);
                label = p.path("label").asText(file.getFileName().toString());
            }
            if (raw.isBlank()) {
                throw new ModelLedger.UsageError("prompt " + (i + 1) + " is empty");
            }
            if (NUNJUCKS.matcher(raw).find()) {
                notes.add("prompt " + (i + 1) + " uses Nunjucks tags or filters, which the registry's templates do not run: they are kept as text");
            }
            ObjectNode prompt = JSON.createObjectNode().put("label", label).put("template", raw).put("targetProvider", provider)
                                    .put("targetModel", model);
            prompt.set("parameters", parameters);
            prompts.add(prompt);
        }
        return prompts;
    }
}
