package io.modelledger.eval.run.targets;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.modelledger.eval.run.command.EvaluationRun;
import io.modelledger.eval.run.query.KnownSubjects;
import io.modelledger.eval.run.query.RunDocument;
import io.modelledger.eval.run.query.RunStore;
import io.modelledger.platform.domain.FieldException;
import io.modelledger.platform.outbound.GuardedHttp;
import io.modelledger.platform.web.ProblemDetailsAdvice;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A run's target: its description read into its {@link TargetSpec} record and checked before the run starts
 * (Bean Validation on the record, then what needs configuration or the network: configured secrets, the
 * hosts a secret may go to, addresses the outbound guard allows), and the {@link Target} that answers each
 * case when it runs ({@link SuppliedPredictions}, {@link OpenAiChat}, {@link HttpJsonEndpoint}).
 */
@Component
public class Targets {

    /** Run options a run may set on a named target; everything else comes from the admin's configuration. */
    private static final Set<String> RUN_OPTIONS = Set.of("concurrency");
    /** Jackson's defaults (coercing, lenient), only for descriptions stored by earlier releases; requests use the strict mapper. */
    private static final JsonMapper STORED = JsonMapper.builder().build();

    private final EvalProperties properties;
    private final RunStore runs;
    private final KnownSubjects subjects;
    private final GuardedHttp outbound;
    private final JsonMapper json;
    private final Validator validator;

    public Targets(EvalProperties properties, RunStore runs, KnownSubjects subjects, GuardedHttp outbound, JsonMapper json,
                   Validator validator) {
        this.properties = properties;
        this.runs = runs;
        this.subjects = subjects;
        this.outbound = outbound;
        this.json = json;
        this.validator = validator;
    }

    /**
     * Replaces {@code {"name": …}} (plus run options) with the admin-configured target of that name, keeping
     * the name, and returns its kind. A name nobody configured, or fields a run may not override, are refused.
     */
    public String resolveNamed(Map<String, Object> target) {
        Object name = target.get(EvaluationRun.TARGET_NAME);
        EvalProperties.NamedTarget named = name instanceof String s ? properties.targets().get(s) : null;
        if (named == null) {
            throw new FieldException("target.name", "must name a configured target (modelledger.eval.targets.<name>); known: "
                    + properties.targets().keySet().stream().sorted().toList());
        }
        for (String key : target.keySet()) {
            if (!key.equals(EvaluationRun.TARGET_NAME) && !RUN_OPTIONS.contains(key)) {
                throw new FieldException("target." + key, "a named target's " + key + " is configured by an admin, not set by a run");
            }
        }
        target.putAll(named.description());
        return named.kind();
    }

    /** Reads a target description and refuses one that could not run, naming the field at fault ({@code target.<field>}). */
    public TargetSpec check(String kind, Map<String, Object> target) {
        TargetSpec spec = read(kind, target);
        validator.validate(spec).stream().min(Comparator.comparing(v -> v.getPropertyPath().toString()))
                 .ifPresent(violation -> {
                     throw new FieldException("target." + jsonName(spec, violation), violation.getMessage());
                 });
        if (spec.concurrency() != null && spec.concurrency() > properties.maxConcurrency()) {
            throw new FieldException("target.concurrency", "must be an integer from 1 to " + properties.maxConcurrency());
        }
        switch (spec) {
            case PredictionsTarget predictions -> {
            }
            case OpenAiTarget openAi -> secret(openAi.secret(), url(openAi.baseUrl(), "baseUrl"), "baseUrl");
            case HttpTarget http -> {
                URI uri = url(http.url(), "url");
                if (http.secret() != null) {
                    secret(http.secret(), uri, "url");
                }
                pointer(http.outputPointer(), "outputPointer");
                pointer(http.promptTokensPointer(), "promptTokensPointer");
                pointer(http.completionTokensPointer(), "completionTokensPointer");
            }
        }
        return spec;
    }

    /** The record of a description: only its kind's fields, each of its type. */
    TargetSpec read(String kind, Map<String, Object> target) {
        Class<? extends TargetSpec> type = kind == null ? null : TargetSpec.type(kind);
        if (type == null) {
            throw new FieldException("target.kind", "must be predictions, openai or http");
        }
        try {
            tools.jackson.databind.JsonNode description = json.valueToTree(target);
            return json.readerFor(type).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(description);
        } catch (UnrecognizedPropertyException unknown) {
            throw new FieldException("target." + unknown.getPropertyName(), "is not a field of a " + kind + " target");
        } catch (JacksonException wrong) {
            throw new FieldException("target." + ProblemDetailsAdvice.path(wrong), ProblemDetailsAdvice.reason(wrong));
        }
    }

    /** A violation's field as the description spells it ({@code max_tokens}, not {@code maxTokens}). */
    private static String jsonName(TargetSpec spec, ConstraintViolation<TargetSpec> violation) {
        String component = violation.getPropertyPath().toString();
        try {
            JsonProperty renamed = spec.getClass().getDeclaredField(component).getAnnotation(JsonProperty.class);
            return renamed == null ? component : renamed.value();
        } catch (NoSuchFieldException e) {
            return component;
        }
    }

    private URI url(String value, String field) {
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
    private String secret(String name, URI uri, String field) {
        if (name == null || !properties.secrets().containsKey(name)) {
            throw new FieldException("target.secret", "must name a configured secret (modelledger.eval.secrets.<name>); known: "
                    + properties.secrets().keySet().stream().sorted().toList());
        }
        if (!"https".equals(uri.getScheme()) && !outbound.guard().allowedInternal(uri.getHost())) {
            throw new FieldException("target." + field, "a secret is sent over https only (plain http only to an allowed local host)");
        }
        List<String> hosts = properties.secretHosts().getOrDefault(name, List.of());
        if (!hosts.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
            throw new FieldException("target." + field, "host " + uri.getHost() + " is not one secret '" + name
                    + "' may be sent to (modelledger.eval.secret-hosts." + name + ": " + hosts + ")");
        }
        return properties.secrets().get(name);
    }

    private static JsonPointer pointer(String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            return JsonPointer.compile(value);
        } catch (IllegalArgumentException e) {
            throw new FieldException("target." + field, "not a JSON pointer (e.g. /choices/0/text)");
        }
    }

    /** How many of a run's cases are in flight at once. */
    public int concurrency(RunDocument run) {
        Integer concurrency = stored(run).concurrency();
        return concurrency != null ? concurrency : properties.defaultConcurrency();
    }

    /** What answers a run's cases, from the description it started with. */
    public Target create(RunDocument run) {
        return switch (stored(run)) {
            case PredictionsTarget predictions -> new SuppliedPredictions(runs.predictions(run.runId(), run.caseCount()));
            case OpenAiTarget openAi -> openAi(run, openAi);
            case HttpTarget http -> new HttpJsonEndpoint(call(run, URI.create(http.url()), http.secret(), http.model(), http.timeoutMs(),
                                                              http.maxAttempts(), pointer(http.outputPointer(), "outputPointer"),
                                                              pointer(http.promptTokensPointer(), "promptTokensPointer"),
                                                              pointer(http.completionTokensPointer(), "completionTokensPointer")),
                                                         http.requestTemplate());
        };
    }

    /**
     * A run's description as it was stored when the run started (checked then), read leniently: a description
     * an earlier release accepted (a number given as text, a field since dropped) still runs, and so do the
     * re-evaluations that repeat it.
     */
    private TargetSpec stored(RunDocument run) {
        Class<? extends TargetSpec> type = run.targetKind() == null ? null : TargetSpec.type(run.targetKind());
        if (type == null) {
            throw new IllegalStateException("the run's target kind '" + run.targetKind() + "' does not exist");
        }
        tools.jackson.databind.JsonNode description = STORED.valueToTree(run.target());
        return STORED.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(description);
    }

    private Target openAi(RunDocument run, OpenAiTarget target) {
        KnownSubjects.PromptVersion prompt = "prompt".equals(run.subjectKind())
                ? subjects.prompt(run.subjectName(), run.subjectVersion())
                          .orElseThrow(() -> new IllegalStateException("prompt " + run.subjectName() + " v" + run.subjectVersion() + " is unknown"))
                : null;
        String model = target.model() != null ? target.model() : prompt != null ? prompt.targetModel() : null;
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (prompt != null) {
            for (String key : List.of("temperature", "max_tokens", "top_p", "seed")) {
                if (prompt.parameters().containsKey(key)) {
                    parameters.put(key, prompt.parameters().get(key));
                }
            }
            if (prompt.parameters().containsKey("maxTokens")) {
                parameters.put("max_tokens", prompt.parameters().get("maxTokens"));
            }
        }
        put(parameters, "temperature", target.temperature());
        put(parameters, "max_tokens", target.maxTokens());
        put(parameters, "top_p", target.topP());
        put(parameters, "seed", target.seed());
        URI uri = URI.create(target.baseUrl().replaceAll("/+$", "") + "/chat/completions");
        JsonEndpointCall call = call(run, uri, target.secret(), model, target.timeoutMs(), target.maxAttempts(),
                                     JsonPointer.compile("/choices/0/message/content"), JsonPointer.compile("/usage/prompt_tokens"),
                                     JsonPointer.compile("/usage/completion_tokens"));
        return new OpenAiChat(json, call, prompt, model, parameters);
    }

    private JsonEndpointCall call(RunDocument run, URI uri, String secret, String model, Integer timeoutMs, Integer maxAttempts,
                                  JsonPointer output, JsonPointer promptTokens, JsonPointer completionTokens) {
        String bearer = secret == null ? null : secret(secret, uri, "url");
        EndpointClient client = new EndpointClient("run-" + run.runId(),
                                                   timeoutMs != null ? Duration.ofMillis(timeoutMs) : properties.defaultTimeout(),
                                                   maxAttempts != null ? maxAttempts : properties.defaultMaxAttempts(),
                                                   properties.backoff(), outbound);
        return new JsonEndpointCall(json, client, uri, bearer, output, promptTokens, completionTokens,
                                    (in, out) -> properties.cost(model, in, out));
    }

    private static void put(Map<String, Object> parameters, String key, Object value) {
        if (value != null) {
            parameters.put(key, value);
        }
    }
}
