package io.modelledger.contracts.eval;

import java.util.Map;

/**
 * One metric a suite measures and the threshold its verdict needs: {@code metric} is the metric's kind
 * (e.g. {@code f1_macro}, {@code regex}, {@code semantic_similarity}), {@code name} how results call it
 * (defaults to the kind; two specs of one kind need distinct names), {@code comparator} {@code >=} or
 * {@code <=} (default: the metric's natural direction), {@code params} the kind's parameters (a regex pattern, a sensitive attribute, …). A spec
 * without a threshold is reported but does not decide the verdict.
 */
public record MetricSpec(String name, String metric, Map<String, Object> params, Double threshold, String comparator) {

    public static final String AT_LEAST = ">=";
    public static final String AT_MOST = "<=";

    public MetricSpec {
        name = name == null || name.isBlank() ? metric : name;
        params = params == null ? Map.of() : Map.copyOf(params);
    }
}
