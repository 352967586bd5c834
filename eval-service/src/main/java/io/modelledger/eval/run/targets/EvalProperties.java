package io.modelledger.eval.run.targets;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How eval-service runs suites ({@code modelledger.eval.*}).
 *
 * @param secrets            API keys by name ({@code MODELLEDGER_EVAL_SECRETS_<NAME>}); runs name one, events never carry it
 * @param secretHosts        per secret, the hosts it may be sent to; a secret is sent nowhere else (none: nowhere)
 * @param prices             USD per million prompt and completion tokens, by model name
 * @param allowedHosts       hosts runs may call (empty: any); keep internal addresses out in shared deployments
 * @param lease              how long a claimed run stays with an instance without a heartbeat
 * @param poll               how often an instance looks for runs to claim
 * @param parallelRuns       runs one instance executes at a time
 * @param maxClaims          claims after which a run that keeps losing its executor is failed
 * @param defaultConcurrency calls in flight per run unless the run says otherwise
 * @param maxConcurrency     the most a run may ask for
 * @param defaultTimeout     per-call timeout unless the run says otherwise
 * @param defaultMaxAttempts attempts per call (first call plus retries on 429, 5xx, timeouts and I/O errors)
 * @param backoff            the first retry's delay; doubled per attempt, with jitter, unless Retry-After says otherwise
 * @param targets            named targets an admin configured; runs refer to them as {@code {"name": "<name>"}}, and
 *                           only runs against them count as promotion evidence for prompts
 */
@ConfigurationProperties("modelledger.eval")
public record EvalProperties(Map<String, String> secrets, Map<String, List<String>> secretHosts, Map<String, Price> prices, List<String> allowedHosts,
                             Duration lease, Duration poll, Integer parallelRuns, Integer maxClaims,
                             Integer defaultConcurrency, Integer maxConcurrency, Duration defaultTimeout,
                             Integer defaultMaxAttempts, Duration backoff, Map<String, NamedTarget> targets) {

    public record Price(double promptPerMillion, double completionPerMillion) {
    }

    /** A target as an admin configured it ({@code modelledger.eval.targets.<name>.*}): the fields of a run's target description. */
    public record NamedTarget(String kind, String baseUrl, String url, String secret, String requestTemplate, String outputPointer,
                              String promptTokensPointer, String completionTokensPointer, String model, Integer timeoutMs,
                              Integer maxAttempts) {

        /** As a run's target description, without {@code kind}. */
        public Map<String, Object> description() {
            Map<String, Object> description = new java.util.LinkedHashMap<>();
            java.util.function.BiConsumer<String, String> put = (k, v) -> {
                if (v != null) {
                    description.put(k, v);
                }
            };
            put.accept("baseUrl", baseUrl);
            put.accept("url", url);
            put.accept("secret", secret);
            put.accept("requestTemplate", requestTemplate);
            put.accept("outputPointer", outputPointer);
            put.accept("promptTokensPointer", promptTokensPointer);
            put.accept("completionTokensPointer", completionTokensPointer);
            put.accept("model", model);
            if (timeoutMs != null) {
                description.put("timeoutMs", timeoutMs);
            }
            if (maxAttempts != null) {
                description.put("maxAttempts", maxAttempts);
            }
            return description;
        }
    }

    public EvalProperties {
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
        secretHosts = secretHosts == null ? Map.of() : secretHosts.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> e.getValue().stream().map(h -> h.trim().toLowerCase(java.util.Locale.ROOT)).toList()));
        prices = prices == null ? Map.of() : Map.copyOf(prices);
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        lease = lease == null ? Duration.ofSeconds(30) : lease;
        poll = poll == null ? Duration.ofSeconds(1) : poll;
        parallelRuns = parallelRuns == null ? 2 : parallelRuns;
        maxClaims = maxClaims == null ? 3 : maxClaims;
        defaultConcurrency = defaultConcurrency == null ? 8 : defaultConcurrency;
        maxConcurrency = maxConcurrency == null ? 64 : maxConcurrency;
        defaultTimeout = defaultTimeout == null ? Duration.ofSeconds(30) : defaultTimeout;
        defaultMaxAttempts = defaultMaxAttempts == null ? 4 : defaultMaxAttempts;
        backoff = backoff == null ? Duration.ofMillis(250) : backoff;
        targets = targets == null ? Map.of() : Map.copyOf(targets);
    }

    /**
     * What a call cost by the price table; null when it used tokens and its model has no price (unpriced, never free:
     * a run's {@code cost_total} is then unknown, and a cost gate does not pass); 0 when it used none.
     */
    public Double cost(String model, int promptTokens, int completionTokens) {
        if (promptTokens == 0 && completionTokens == 0) {
            return 0.0;
        }
        Price price = model == null ? null : prices.get(model);
        return price == null ? null : (promptTokens * price.promptPerMillion() + completionTokens * price.completionPerMillion()) / 1e6;
    }
}
