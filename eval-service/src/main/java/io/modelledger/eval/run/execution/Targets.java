package io.modelledger.eval.run.execution;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelledger.contracts.prompt.PromptTemplate;
import io.modelledger.eval.run.query.Prediction;
import io.modelledger.eval.run.query.RunDocument;
import io.modelledger.eval.run.query.RunStore;
import io.modelledger.eval.run.query.KnownSubjects;
import io.modelledger.platform.domain.FieldException;
import io.modelledger.platform.outbound.GuardedHttp;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a run's {@link Target} from its description, and checks descriptions before a run starts:
 * {@code predictions} (outputs supplied with the run), {@code openai} (an OpenAI-compatible
 * {@code /chat/completions} endpoint; for a prompt subject the prompt version is rendered with each case's
 * variables, for a model subject the case input is sent as the user message) or {@code http} (a generic
 * JSON endpoint: {@code requestTemplate} with {@code {{input}}}, {@code {{id}}} and {@code {{var.<name>}}}
 * placeholders, JSON-escaped, and JSON pointers to the output and token counts).
 */
@Component
public class Targets {

    public static final String PREDICTIONS = "predictions";
    public static final String OPENAI = "openai";
    public static final String HTTP = "http";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(input|id|var\\.[A-Za-z_][A-Za-z0-9_]*)\\s*}}");

    private final EvalProperties properties;
    private final RunStore runs;
    private final KnownSubjects subjects;
    private final GuardedHttp outbound;

    public Targets(EvalProperties properties, RunStore runs, KnownSubjects subjects, GuardedHttp outbound) {
        this.properties = properties;
        this.runs = runs;
        this.subjects = subjects;
        this.outbound = outbound;
    }

    /** Run options a run may set on a named target; everything else comes from the admin's configuration. */
    private static final java.util.Set<String> RUN_OPTIONS = java.util.Set.of("concurrency");

    /**
     * Replaces {@code {"name": …}} (plus run options) with the admin-configured target of that name, keeping
     * the name, and returns its kind. A name nobody configured, or fields a run may not override, are refused.
     */
    public String resolveNamed(Map<String, Object> target) {
        Object name = target.get(io.modelledger.eval.run.command.EvaluationRun.TARGET_NAME);
        EvalProperties.NamedTarget named = name instanceof String s ? properties.targets().get(s) : null;
        if (named == null) {
            throw new FieldException("target.name", "must name a configured target (modelledger.eval.targets.<name>); known: "
                    + properties.targets().keySet().stream().sorted().toList());
        }
        for (String key : target.keySet()) {
            if (!key.equals(io.modelledger.eval.run.command.EvaluationRun.TARGET_NAME) && !RUN_OPTIONS.contains(key)) {
                throw new FieldException("target." + key, "a named target's " + key + " is configured by an admin, not set by a run");
            }
        }
        target.putAll(named.description());
        return named.kind();
    }

    /** The fields a target description of each kind may hold; any other is refused, naming it. */
    private static final Map<String, java.util.Set<String>> FIELDS = Map.of(
            PREDICTIONS, java.util.Set.of("concurrency"),
            OPENAI, java.util.Set.of("name", "baseUrl", "secret", "model", "temperature", "max_tokens", "top_p", "seed",
                                     "concurrency", "timeoutMs", "maxAttempts"),
            HTTP, java.util.Set.of("name", "url", "secret", "requestTemplate", "outputPointer", "promptTokensPointer",
                                   "completionTokensPointer", "concurrency", "timeoutMs", "maxAttempts"));

    /** Refuses a target description that could not run, naming the field at fault ({@code target.<field>}). */
    public void check(String kind, Map<String, Object> target) {
        java.util.Set<String> allowed = FIELDS.get(kind);
        if (allowed != null) {
            for (String field : target.keySet()) {
                if (!allowed.contains(field)) {
                    throw new FieldException("target." + field, "is not a field of a " + kind + " target");
                }
            }
        }
        switch (kind) {
            case PREDICTIONS -> {
            }
            case OPENAI -> {
                URI uri = url(target, "baseUrl");
                secret(target, true, uri, "baseUrl");
            }
            case HTTP -> {
                URI uri = url(target, "url");
                secret(target, false, uri, "url");
                Object template = target.get("requestTemplate");
                if (!(template instanceof String t) || t.isBlank()) {
                    throw new FieldException("target.requestTemplate", "required: the JSON body with {{input}}/{{var.x}} placeholders");
                }
                pointer(target, "outputPointer", true);
                pointer(target, "promptTokensPointer", false);
                pointer(target, "completionTokensPointer", false);
            }
            default -> throw new FieldException("target.kind", "must be predictions, openai or http");
        }
        Object concurrency = target.get("concurrency");
        if (concurrency != null && (!(concurrency instanceof Integer c) || c < 1 || c > properties.maxConcurrency())) {
            throw new FieldException("target.concurrency", "must be an integer from 1 to " + properties.maxConcurrency());
        }
        Object timeout = target.get("timeoutMs");
        if (timeout != null && (!(timeout instanceof Integer t) || t < 100 || t > 600_000)) {
            throw new FieldException("target.timeoutMs", "must be an integer from 100 to 600000");
        }
        Object attempts = target.get("maxAttempts");
        if (attempts != null && (!(attempts instanceof Integer a) || a < 1 || a > 10)) {
            throw new FieldException("target.maxAttempts", "must be an integer from 1 to 10");
        }
    }

    private URI url(Map<String, Object> target, String field) {
        if (!(target.get(field) instanceof String value)) {
            throw new FieldException("target." + field, "required: an http(s) URL");
        }
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new FieldException("target." + field, "not a URL");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new FieldException("target." + field, "must be an absolute http(s) URL");
        }
        if (!properties.allowedHosts().isEmpty() && !properties.allowedHosts().contains(uri.getHost())) {
            throw new FieldException("target." + field, "host " + uri.getHost() + " is not among the allowed endpoint hosts");
        }
        // resolved and checked now, before anything is sent: internal addresses only where an operator allowed them
        outbound.guard().check(uri, "target." + field);
        return uri;
    }

    /** The named secret, which may only be sent to the hosts declared for it ({@code modelledger.eval.secret-hosts.<name>}). */
    private String secret(Map<String, Object> target, boolean required, URI uri, String field) {
        Object name = target.get("secret");
        if (name == null && !required) {
            return null;
        }
        if (!(name instanceof String s) || !properties.secrets().containsKey(s)) {
            throw new FieldException("target.secret", "must name a configured secret (modelledger.eval.secrets.<name>); known: "
                    + properties.secrets().keySet().stream().sorted().toList());
        }
        if (!"https".equals(uri.getScheme()) && !outbound.guard().allowedInternal(uri.getHost())) {
            throw new FieldException("target." + field, "a secret is sent over https only (plain http only to an allowed local host)");
        }
        java.util.List<String> hosts = properties.secretHosts().getOrDefault(s, java.util.List.of());
        if (!hosts.contains(uri.getHost().toLowerCase(java.util.Locale.ROOT))) {
            throw new FieldException("target." + field, "host " + uri.getHost() + " is not one secret '" + s
                    + "' may be sent to (modelledger.eval.secret-hosts." + s + ": " + hosts + ")");
        }
        return properties.secrets().get(s);
    }

    private static JsonPointer pointer(Map<String, Object> target, String field, boolean required) {
        Object value = target.get(field);
        if (value == null && !required) {
            return null;
        }
        try {
            return JsonPointer.compile(String.valueOf(value));
        } catch (IllegalArgumentException e) {
            throw new FieldException("target." + field, "not a JSON pointer (e.g. /choices/0/text)");
        }
    }

    private EndpointClient client(RunDocument run) {
        Map<String, Object> t = run.target();
        Duration timeout = t.get("timeoutMs") instanceof Number n ? Duration.ofMillis(n.longValue()) : properties.defaultTimeout();
        int attempts = t.get("maxAttempts") instanceof Number n ? n.intValue() : properties.defaultMaxAttempts();
        return new EndpointClient("run-" + run.runId(), timeout, attempts, properties.backoff(), outbound);
    }

    int concurrency(RunDocument run) {
        return run.target().get("concurrency") instanceof Number n ? n.intValue() : properties.defaultConcurrency();
    }

    Target create(RunDocument run) {
        Map<String, Object> t = run.target();
        return switch (run.targetKind()) {
            case PREDICTIONS -> {
                Map<String, Prediction> predictions = runs.predictions(run.runId(), run.caseCount());
                yield c -> {
                    Prediction p = predictions.get(c.id());
                    return p == null ? Target.Answer.failed("no prediction supplied for this case", 0, 0)
                            : new Target.Answer(p.output(), p.score(), 0, 0, 0, 0, 1, null);
                };
            }
            case OPENAI -> openAi(run, t);
            case HTTP -> http(run, t);
            default -> throw new IllegalStateException("unknown target kind " + run.targetKind());
        };
    }

    private Target openAi(RunDocument run, Map<String, Object> t) {
        EndpointClient client = client(run);
        String key = secret(t, true, URI.create(String.valueOf(t.get("baseUrl"))), "baseUrl");
        URI uri = URI.create(String.valueOf(t.get("baseUrl")).replaceAll("/+$", "") + "/chat/completions");
        KnownSubjects.PromptVersion prompt = "prompt".equals(run.subjectKind())
                ? subjects.prompt(run.subjectName(), run.subjectVersion())
                          .orElseThrow(() -> new IllegalStateException("prompt " + run.subjectName() + " v" + run.subjectVersion() + " is unknown"))
                : null;
        String model = t.get("model") instanceof String m ? m : prompt != null ? prompt.targetModel() : null;
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (prompt != null) {
            copy(prompt.parameters(), parameters, "temperature", "max_tokens", "top_p", "seed");
            if (prompt.parameters().containsKey("maxTokens")) {
                parameters.put("max_tokens", prompt.parameters().get("maxTokens"));
            }
        }
        copy(t, parameters, "temperature", "max_tokens", "top_p", "seed");
        return c -> {
            String content;
            if (prompt != null) {
                Map<String, Object> values = c.variables().isEmpty() && prompt.variables().size() == 1 && c.input() != null
                        ? Map.of(prompt.variables().get(0), c.input()) : c.variables();
                Map<String, String> problems = PromptTemplate.problems(prompt.template(), values);
                if (!problems.isEmpty()) {
                    return Target.Answer.failed("cannot render the prompt: " + problems, 0, 0);
                }
                content = PromptTemplate.render(prompt.template(), values);
            } else {
                content = c.input();
            }
            ObjectNode body = JSON.createObjectNode();
            if (model != null) {
                body.put("model", model);
            }
            body.putArray("messages").addObject().put("role", "user").put("content", content);
            parameters.forEach((k, v) -> body.set(k, JSON.valueToTree(v)));
            return call(client, uri, body.toString(), key, model,
                        json -> json.at("/choices/0/message/content"),
                        json -> json.at("/usage/prompt_tokens"), json -> json.at("/usage/completion_tokens"));
        };
    }

    private Target http(RunDocument run, Map<String, Object> t) {
        EndpointClient client = client(run);
        URI uri = URI.create(String.valueOf(t.get("url")));
        String key = secret(t, false, uri, "url");
        String template = String.valueOf(t.get("requestTemplate"));
        JsonPointer output = pointer(t, "outputPointer", true);
        JsonPointer promptTokens = pointer(t, "promptTokensPointer", false);
        JsonPointer completionTokens = pointer(t, "completionTokensPointer", false);
        String model = t.get("model") instanceof String m ? m : null;
        return c -> {
            Matcher matcher = PLACEHOLDER.matcher(template);
            StringBuilder body = new StringBuilder();
            while (matcher.find()) {
                String name = matcher.group(1);
                Object value = name.equals("input") ? c.input() : name.equals("id") ? c.id() : c.variables().get(name.substring(4));
                String escaped = value == null ? "" : escape(String.valueOf(value));
                matcher.appendReplacement(body, Matcher.quoteReplacement(escaped));
            }
            matcher.appendTail(body);
            return call(client, uri, body.toString(), key, model, json -> json.at(output),
                        json -> promptTokens == null ? null : json.at(promptTokens),
                        json -> completionTokens == null ? null : json.at(completionTokens));
        };
    }

    private Target.Answer call(EndpointClient client, URI uri, String body, String key, String model,
                               java.util.function.Function<JsonNode, JsonNode> output,
                               java.util.function.Function<JsonNode, JsonNode> promptTokens,
                               java.util.function.Function<JsonNode, JsonNode> completionTokens) {
        EndpointClient.Response response;
        try {
            response = client.post(uri, body, key);
        } catch (Exception e) {
            return Target.Answer.failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), 0, 0);
        }
        if (response.status() / 100 != 2) {
            return Target.Answer.failed("HTTP " + response.status() + " after " + response.attempts() + " attempt(s)",
                                 response.latencyMs(), response.attempts());
        }
        try {
            JsonNode json = JSON.readTree(response.body());
            JsonNode text = output.apply(json);
            if (text == null || text.isMissingNode() || text.isNull()) {
                return Target.Answer.failed("the response has no output at the configured pointer", response.latencyMs(), response.attempts());
            }
            int in = tokens(promptTokens.apply(json));
            int out = tokens(completionTokens.apply(json));
            return new Target.Answer(text.isTextual() ? text.asText() : text.toString(), null, in, out,
                                     properties.cost(model, in, out), response.latencyMs(), response.attempts(), null);
        } catch (java.io.IOException e) {
            return Target.Answer.failed("the response is not JSON", response.latencyMs(), response.attempts());
        }
    }

    private static int tokens(JsonNode node) {
        return node == null || !node.isNumber() ? 0 : node.asInt();
    }

    private static void copy(Map<String, Object> from, Map<String, Object> to, String... keys) {
        for (String key : keys) {
            if (from.containsKey(key)) {
                to.put(key, from.get(key));
            }
        }
    }

    /** The value as the inside of a JSON string literal. */
    private static String escape(String value) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(value));
    }
}
