package io.modelledger.eval.metric;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every metric a suite can ask for. Per-case checks score each case in [0, 1] and report the mean (for
 * pass/fail checks: the pass rate; for toxicity and PII: the share of outputs flagged); the others are
 * computed over all cases that produced an output. See {@code docs/metrics.md} for definitions.
 */
public enum MetricKind {
    ACCURACY(Family.CLASSIFICATION, false),
    PRECISION(Family.CLASSIFICATION, false), RECALL(Family.CLASSIFICATION, false), F1(Family.CLASSIFICATION, false),
    PRECISION_MACRO(Family.CLASSIFICATION, false), PRECISION_MICRO(Family.CLASSIFICATION, false),
    PRECISION_WEIGHTED(Family.CLASSIFICATION, false),
    RECALL_MACRO(Family.CLASSIFICATION, false), RECALL_MICRO(Family.CLASSIFICATION, false),
    RECALL_WEIGHTED(Family.CLASSIFICATION, false),
    F1_MACRO(Family.CLASSIFICATION, false), F1_MICRO(Family.CLASSIFICATION, false), F1_WEIGHTED(Family.CLASSIFICATION, false),
    ROC_AUC(Family.CLASSIFICATION, false), LOG_LOSS(Family.CLASSIFICATION, true),
    MAE(Family.REGRESSION, true), RMSE(Family.REGRESSION, true), R2(Family.REGRESSION, false),
    DEMOGRAPHIC_PARITY_DIFFERENCE(Family.FAIRNESS, true), EQUALIZED_ODDS_DIFFERENCE(Family.FAIRNESS, true),
    DISPARATE_IMPACT_RATIO(Family.FAIRNESS, false),
    EQUALS(Family.CHECK, false), CONTAINS(Family.CHECK, false), STARTS_WITH(Family.CHECK, false), REGEX(Family.CHECK, false),
    JSON_VALID(Family.CHECK, false), JSON_SCHEMA(Family.CHECK, false), CONTAINS_JSON(Family.CHECK, false),
    LEVENSHTEIN(Family.CHECK, false),
    SEMANTIC_SIMILARITY(Family.CHECK, false), GROUNDEDNESS(Family.CHECK, false),
    TOXICITY(Family.CHECK, true), PII(Family.CHECK, true),
    /** The share of cases whose own assertions ({@code SuiteCase.assertions}) pass, each case judged as promptfoo judges a test. */
    ASSERTIONS(Family.CHECK, false),
    LATENCY_P50(Family.OPERATIONAL, true), LATENCY_P95(Family.OPERATIONAL, true), LATENCY_P99(Family.OPERATIONAL, true),
    LATENCY_MEAN(Family.OPERATIONAL, true), TOKENS_PROMPT(Family.OPERATIONAL, true),
    TOKENS_COMPLETION(Family.OPERATIONAL, true), TOKENS_TOTAL(Family.OPERATIONAL, true),
    COST_TOTAL(Family.OPERATIONAL, true), COST_PER_CASE(Family.OPERATIONAL, true), ERROR_RATE(Family.OPERATIONAL, true);

    public enum Family { CLASSIFICATION, REGRESSION, FAIRNESS, CHECK, OPERATIONAL }

    private final Family family;
    private final boolean lowerIsBetter;

    MetricKind(Family family, boolean lowerIsBetter) {
        this.family = family;
        this.lowerIsBetter = lowerIsBetter;
    }

    public Family family() {
        return family;
    }

    public boolean lowerIsBetter() {
        return lowerIsBetter;
    }

    /** How the API and events spell it: lower case with underscores. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static final java.util.Map<String, MetricKind> BY_ID = java.util.Map.copyOf(
            Arrays.stream(values()).collect(java.util.stream.Collectors.toMap(MetricKind::id, k -> k)));

    public static Optional<MetricKind> of(String id) {
        return Optional.ofNullable(id == null ? null : BY_ID.get(id));
    }
}
