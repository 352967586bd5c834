package io.modelledger.contracts.registry;

import java.util.Map;

/**
 * One check of a guard policy's stage: the check ({@code pii}, {@code secrets}, {@code injection}, {@code toxicity},
 * {@code json_schema}, {@code deny_list}), what its findings do ({@code block}, {@code redact} or {@code log}), the threshold
 * a scored finding must reach (null: the check's default) and its parameters ({@code types}, {@code schema},
 * {@code keywords}, {@code topics}, {@code similarity}).
 */
public record GuardRule(String check, String action, Double threshold, Map<String, Object> params) {

    public GuardRule {
        params = params == null ? Map.of() : Map.copyOf(params);
    }
}
