package io.modelledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluation suites and runs: push, run and gate, compare, import from promptfoo.",
         subcommands = {Eval.Suite.class, Eval.Run.class, Eval.Compare.class, PromptfooImport.class})
final class Eval {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The largest suite, metrics or promptfoo file read. */
    static final long MAX_DOCUMENT_BYTES = 64L * 1024 * 1024;

    /**
     * A JSON or YAML file, by its extension (YAML is a superset of JSON, so anything else is read as YAML). A YAML
     * alias ({@code *name}, {@code <<: *name}) is refused: the parser would read it as the anchor's name, not its
     * content, and refusing it also rules out alias bombs.
     */
    static JsonNode readDocument(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ModelLedger.UsageError("no file " + file);
        }
        if (Files.size(file) > MAX_DOCUMENT_BYTES) {
            throw new ModelLedger.UsageError(file + " is larger than " + MAX_DOCUMENT_BYTES / (1024 * 1024) + " MiB");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".json")) {
                return Api.JSON.readTree(file.toFile());
            }
            try (com.fasterxml.jackson.core.JsonParser parser = YAML.getFactory().createParser(file.toFile())) {
                while (parser.nextToken() != null) {
                    if (parser instanceof com.fasterxml.jackson.dataformat.yaml.YAMLParser yaml && yaml.isCurrentAlias()) {
                        throw new ModelLedger.UsageError(file + " line " + parser.currentLocation().getLineNr() + " uses a YAML alias ("
                                + parser.getText() + "): anchors and aliases are not expanded here; write the content out");
                    }
                }
            }
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelLedger.UsageError(file + " is not valid " + (name.endsWith(".json") ? "JSON" : "YAML") + ": "
                                                     + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    @Command(name = "suite", mixinStandardHelpOptions = true, description = "Evaluation suites.", subcommands = {Suite.Push.class})
    static final class Suite {

        @Command(name = "push", description = {"Publishes a suite version from a file; pushing unchanged content again changes nothing.",
                "suite.yaml / suite.json: description, metrics and cases in one document.",
                "cases.jsonl / cases.csv: the cases; the metrics come from --metrics FILE or --metric options."})
        static final class Push extends Base {
            @Parameters(index = "0", paramLabel = "NAME")
            String name;
            @Parameters(index = "1", paramLabel = "FILE", description = "suite.yaml|suite.json|cases.jsonl|cases.csv")
            Path file;
            @Option(names = "--metrics", paramLabel = "FILE", description = "A YAML/JSON list of metric specs (for .jsonl/.csv cases).")
            Path metricsFile;
            @Option(names = "--metric", paramLabel = "METRIC[>=|<=THRESHOLD]", description = "A metric, e.g. accuracy>=0.9 or latency_p95<=800; repeatable.")
            List<String> metricOptions = new ArrayList<>();
            @Option(names = "--description")
            String description;

            @Override
            public Integer call() throws Exception {
                String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
                boolean cases = lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".csv");
                if (!Files.isRegularFile(file)) {
                    throw new ModelLedger.UsageError("no file " + file);
                }
                Api api = api();
                Api.Answer answer;
                String path = Api.path("api", "eval", "suites", name, "versions");
                if (cases) {
                    ObjectNode spec = object().put("description", description);
                    spec.set("metrics", metrics());
                    answer = api.postMultipart(path, "spec", Api.write(spec), "cases", file,
                                               lower.endsWith(".csv") ? "text/csv" : "application/x-ndjson");
                } else {
                    JsonNode document = readDocument(file);
                    if (!document.isObject()) {
                        throw new ModelLedger.UsageError(file + " must hold a suite object: description, metrics, cases");
                    }
                    ObjectNode suite = ((ObjectNode) document).deepCopy();
                    if (description != null) {
                        suite.put("description", description);
                    }
                    if (!metricOptions.isEmpty() || metricsFile != null) {
                        suite.set("metrics", metrics());
                    }
                    answer = api.postForAnswer(path, suite);
                }
                JsonNode published = answer.body();
                emit(published, () -> out().println((published.path("created").asBoolean() ? "Published " : "Unchanged: ") + name
                        + " version " + published.path("version").asInt() + " (" + published.path("caseCount").asInt() + " cases, sha256 "
                        + published.path("sha256").asText() + ")."));
                return ModelLedger.OK;
            }

            private ArrayNode metrics() throws IOException {
                ArrayNode metrics = JSON.createArrayNode();
                if (metricsFile != null) {
                    JsonNode document = readDocument(metricsFile);
                    JsonNode list = document.isArray() ? document : document.path("metrics");
                    if (!list.isArray()) {
                        throw new ModelLedger.UsageError(metricsFile + " must hold a list of metric specs (or an object with 'metrics')");
                    }
                    list.forEach(metrics::add);
                }
                for (String option : metricOptions) {
                    metrics.add(metric(option));
                }
                if (metrics.isEmpty()) {
                    throw new ModelLedger.UsageError("a suite needs metrics: --metrics FILE or --metric accuracy>=0.9");
                }
                return metrics;
            }

            static ObjectNode metric(String option) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("^([a-z0-9_]+)\\s*(?:(>=|<=)\\s*(-?[0-9.]+(?:[eE]-?[0-9]+)?))?$")
                                                                   .matcher(option.strip());
                if (!m.matches()) {
                    throw new ModelLedger.UsageError("--metric '" + option + "' is not METRIC, METRIC>=THRESHOLD or METRIC<=THRESHOLD");
                }
                ObjectNode metric = JSON.createObjectNode().put("metric", m.group(1));
                if (m.group(2) != null) {
                    metric.put("comparator", m.group(2)).put("threshold", Double.parseDouble(m.group(3)));
                }
                return metric;
            }
        }
    }

    @Command(name = "run", description = {"Starts an evaluation run of a suite on a model or prompt version; with --wait, follows it to its verdict.",
            "Exits 1 under --fail-on-verdict when the verdict is not a pass (failed, or no verdict at all)."})
    static final class Run extends Base {
        @Option(names = "--suite", required = true, paramLabel = "NAME", description = "The suite (its latest version unless --suite-version).")
        String suite;
        @Option(names = "--suite-version", paramLabel = "N")
        Integer suiteVersion;
        @Option(names = "--subject", required = true, paramLabel = "model|prompt:NAME:VERSION", description = "What is evaluated, e.g. prompt:support:3.")
        String subject;
        @Option(names = "--target", paramLabel = "NAME|@FILE|JSON",
                description = "Where cases are answered: an admin-configured target's name, a YAML/JSON file (@target.yaml) or inline JSON.")
        String target;
        @Option(names = "--predictions", paramLabel = "FILE", description = "Answers computed elsewhere: JSON lines {caseId, output, score}.")
        Path predictions;
        @Option(names = "--wait", description = "Follow the run until it finishes, showing progress on stderr.")
        boolean await;
        @Option(names = "--fail-on-verdict", description = "Exit 1 unless the run's verdict is a pass (implies --wait).")
        boolean failOnVerdict;
        @Option(names = "--junit", paramLabel = "FILE", description = "Write a JUnit XML report: one test case per suite case and per metric verdict (implies --wait).")
        Path junit;
        @Option(names = "--timeout", defaultValue = "PT1H", paramLabel = "DURATION", description = "How long --wait waits (ISO-8601, default ${DEFAULT-VALUE}).")
        Duration timeout;
        @Option(names = "--idempotency-key", paramLabel = "KEY", description = "Retrying with the same key starts no second run (e.g. your CI job's id).")
        String idempotencyKey;

        @Override
        public Integer call() throws Exception {
            String[] parts = subject.split(":", -1);
            if (parts.length != 3 || !(parts[0].equals("model") || parts[0].equals("prompt")) || !parts[2].matches("[1-9][0-9]{0,8}")) {
                throw new ModelLedger.UsageError("--subject '" + subject + "' is not model:NAME:VERSION or prompt:NAME:VERSION");
            }
            if ((target == null) == (predictions == null)) {
                throw new ModelLedger.UsageError("give a --target, or --predictions (not both)");
            }
            ObjectNode body = object();
            body.putObject("suite").put("name", suite).put("version", suiteVersion);
            body.putObject("subject").put("kind", parts[0]).put("name", parts[1]).put("version", Integer.parseInt(parts[2]));
            if (predictions != null) {
                body.putObject("target").put("kind", "predictions");
                body.set("predictions", predictionLines(predictions));
            } else {
                body.set("target", target(target));
            }
            Api api = api();
            String key = idempotencyKey != null ? idempotencyKey : UUID.randomUUID().toString();
            JsonNode started = api.post("/api/eval/runs", body, "Idempotency-Key", key);
            String runId = started.path("runId").asText();
            if (!(await || failOnVerdict || junit != null)) {
                emit(started, () -> out().println("Started run " + runId + " (" + started.path("caseCount").asInt() + " cases of "
                        + suite + " v" + started.path("suiteVersion").asInt() + "). Follow it: modelledger eval run … --wait, or GET /api/eval/runs/" + runId));
                return ModelLedger.OK;
            }
            JsonNode run = new RunProgress(api, err()).await(runId, timeout);
            if (run == null) {
                err().println("error: run " + runId + " is still running after " + timeout + "; it goes on, follow it with GET /api/eval/runs/" + runId);
                return ModelLedger.ERROR;
            }
            ObjectNode document = object();
            document.set("run", run);
            if (junit != null) {
                JUnitReport.write(api, run, junit);
                document.put("junit", junit.toString());
            }
            emit(document, () -> printRun(run));
            boolean passed = run.path("passed").isBoolean() && run.path("passed").asBoolean();
            if (failOnVerdict && !passed) {
                err().println(run.path("passed").isBoolean() ? "Gate failed: the verdict is a fail."
                                      : "Gate failed: the run has no verdict (" + (run.path("status").asText().equals("completed")
                                                                                       ? "no metric of the suite has a threshold" : "it " + run.path("status").asText()) + ").");
                return ModelLedger.GATE_FAILED;
            }
            return ModelLedger.OK;
        }

        private void printRun(JsonNode run) {
            out().println("Run " + text(run, "runId") + ": " + text(run, "status") + ", " + text(run, "subjectKind") + " "
                                  + text(run, "subjectName") + " v" + text(run, "subjectVersion") + " on " + text(run, "suiteName") + " v"
                                  + text(run, "suiteVersion") + " (" + text(run, "casesDone") + " cases, " + text(run, "casesFailed")
                                  + " failed, " + text(run, "elapsedMs") + " ms)");
            if (!text(run, "failure").isEmpty()) {
                out().println("  failure: " + text(run, "failure"));
            }
            Table table = new Table("METRIC", "VALUE", "THRESHOLD", "VERDICT");
            run.path("verdicts").fields().forEachRemaining(v -> table.row(
                    v.getKey(), number(v.getValue().path("value")),
                    v.getValue().path("threshold").isNumber() ? text(v.getValue(), "comparator") + " " + number(v.getValue().path("threshold")) : "",
                    v.getValue().path("threshold").isNumber() ? (v.getValue().path("passed").asBoolean() ? "pass" : "FAIL") : "reported"));
            if (!table.isEmpty()) {
                table.print(out());
            }
            out().println("Verdict: " + (run.path("passed").isBoolean() ? (run.path("passed").asBoolean() ? "PASSED" : "FAILED") : "none"));
        }

        private static JsonNode target(String target) throws IOException {
            String value = target.strip();
            if (value.startsWith("@")) {
                JsonNode document = readDocument(Path.of(value.substring(1)));
                if (!document.isObject()) {
                    throw new ModelLedger.UsageError("--target " + value + " must hold a target object");
                }
                return document;
            }
            if (value.startsWith("{")) {
                try {
                    return JSON.readTree(value);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new ModelLedger.UsageError("--target is not valid JSON: " + e.getOriginalMessage());
                }
            }
            return JSON.createObjectNode().put("name", value);
        }

        private static ArrayNode predictionLines(Path file) throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new ModelLedger.UsageError("--predictions: no file " + file);
            }
            ArrayNode lines = JSON.createArrayNode();
            int number = 0;
            for (String line : Files.readAllLines(file)) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    lines.add(JSON.readTree(line));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new ModelLedger.UsageError(file + " line " + number + " is not JSON: " + e.getOriginalMessage());
                }
            }
            return lines;
        }
    }

    static String number(JsonNode value) {
        if (!value.isNumber()) {
            return value.isNull() || value.isMissingNode() ? "n/a" : value.asText();
        }
        double v = value.asDouble();
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        // four significant digits, no trailing zeros: 0.8, 0.6667, 1250
        return java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    @Command(name = "compare", description = "Compares two completed runs on the same suite version: per metric, the difference, its 95% interval and the paired test.")
    static final class Compare extends Base {
        @Parameters(index = "0", paramLabel = "BASELINE_RUN")
        String baseline;
        @Parameters(index = "1", paramLabel = "CANDIDATE_RUN")
        String candidate;

        @Override
        public Integer call() throws Exception {
            JsonNode comparison = api().post("/api/eval/comparisons", object().put("baselineRunId", baseline).put("candidateRunId", candidate));
            emit(comparison, () -> {
                JsonNode b = comparison.path("baseline");
                JsonNode c = comparison.path("candidate");
                out().println(text(comparison, "suiteName") + ": " + text(b, "subjectName") + " v" + text(b, "subjectVersion") + " (baseline) vs "
                                      + text(c, "subjectName") + " v" + text(c, "subjectVersion") + " (candidate)");
                Table table = new Table("METRIC", "BASELINE", "CANDIDATE", "DIFFERENCE", "95% CI", "TEST", "P (HOLM)", "BETTER");
                comparison.path("metrics").fields().forEachRemaining(m -> {
                    JsonNode v = m.getValue();
                    table.row(m.getKey(), number(v.path("baseline")), number(v.path("candidate")), number(v.path("difference")),
                              "[" + number(v.path("ciLow")) + ", " + number(v.path("ciHigh")) + "]", text(v, "test"),
                              v.path("pAdjusted").isNumber() ? number(v.path("pAdjusted")) : number(v.path("pValue")), text(v, "better"));
                });
                table.print(out());
                out().println("Outcome: " + text(comparison, "outcome"));
            });
            return ModelLedger.OK;
        }
    }
}
