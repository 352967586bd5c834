package io.modelledger.eval.metric;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * One check that belongs to a single case, as a promptfoo test's {@code assert} entry does: {@code check} is a
 * per-output check ({@code equals}, {@code contains}, {@code starts_with}, {@code regex}, {@code json_schema}, …) or
 * {@code latency} / {@code cost}; {@code value} is the text it compares with (the case's {@code expected} plays
 * that part for suite-wide metrics); {@code params} are the check's parameters ({@code negate: true} turns a
 * pass/fail check into its opposite); {@code threshold} is the least score that passes (for {@code latency} and
 * {@code cost}: the most milliseconds or money that passes; for {@code toxicity} and {@code pii}: the most);
 * {@code weight} (default 1, 0: reported only) is its share of the case's score.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CaseAssertion(String check, String value, Map<String, Object> params, Double threshold, Double weight) {

    public CaseAssertion {
        params = params == null ? Map.of() : params;
    }

    public double weightOrDefault() {
        return weight == null ? 1 : weight;
    }
}
