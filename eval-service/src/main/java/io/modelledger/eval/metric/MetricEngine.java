package io.modelledger.eval.metric;

import io.modelledger.checks.statistics.Fairness;
import io.modelledger.contracts.eval.MetricSpec;
import io.modelledger.contracts.eval.MetricVerdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a run's case outcomes into metric values and verdicts. Quality metrics are computed over the
 * cases that produced an output; a failed case counts only in {@code error_rate}. Undefined values (ROC
 * AUC with one class, a regression metric over non-numeric labels) are NaN, and NaN never passes. The
 * run's verdict is null when no metric has a threshold.
 */
public final class MetricEngine {

    /** Values of every metric, verdicts against thresholds, and the reports behind some of them. */
    public record Result(Map<String, Double> values, Map<String, MetricVerdict> verdicts, Boolean passed,
                         Map<String, Object> reports) {
    }

    private MetricEngine() {
    }

    public static Result evaluate(List<MetricSpec> specs, List<CaseOutcome> outcomes) {
        List<CaseOutcome> answered = outcomes.stream().filter(o -> !o.failed()).toList();
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, MetricVerdict> verdicts = new LinkedHashMap<>();
        Map<String, Object> reports = new LinkedHashMap<>();
        boolean passed = true;
        boolean gated = false;
        for (MetricSpec spec : specs) {
            double value = value(spec, answered, outcomes, reports);
            boolean ok = passes(value, spec.threshold(), comparator(spec));
            values.put(spec.name(), value);
            verdicts.put(spec.name(), new MetricVerdict(Double.isNaN(value) ? null : value, spec.threshold(), comparator(spec), ok));
            passed &= ok || spec.threshold() == null;
            gated |= spec.threshold() != null;
        }
        // a suite that gates on no metric measures, but gives no verdict: never a pass a policy could use
        return new Result(values, verdicts, gated ? passed : null, reports);
    }

    /** Whether {@code value} meets the threshold; any defined value does when there is none, NaN never does. */
    public static boolean passes(double value, Double threshold, String comparator) {
        if (Double.isNaN(value)) {
            return false;
        }
        if (threshold == null) {
            return true;
        }
        return MetricSpec.AT_MOST.equals(comparator) ? value <= threshold : value >= threshold;
    }

    /** The spec's comparator, or the metric's natural direction when the suite did not give one. */
    public static String comparator(MetricSpec spec) {
        if (spec.comparator() != null) {
            return spec.comparator();
        }
        return MetricKind.of(spec.metric()).map(k -> k.lowerIsBetter() ? MetricSpec.AT_MOST : MetricSpec.AT_LEAST)
                         .orElse(MetricSpec.AT_LEAST);
    }

    /** One metric over a (sub)set of outcomes; used again by the bootstrap of comparisons. */
    public static double value(MetricSpec spec, List<CaseOutcome> answered, List<CaseOutcome> all, Map<String, Object> reports) {
        MetricKind kind = MetricKind.of(spec.metric()).orElseThrow();
        if (kind == MetricKind.ERROR_RATE) {
            return all.isEmpty() ? Double.NaN : (double) (all.size() - answered.size()) / all.size();
        }
        if (kind == MetricKind.ASSERTIONS) {
            // as promptfoo counts a test that errored as failed: a case without an answer did not pass its assertions
            return all.isEmpty() ? Double.NaN : all.stream().mapToDouble(o -> o.failed() ? 0 : o.checks().getOrDefault(spec.name(), 0.0))
                                                   .average().orElse(Double.NaN);
        }
        if (answered.isEmpty()) {
            return Double.NaN;
        }
        return switch (kind.family()) {
            case CHECK -> answered.stream().mapToDouble(o -> o.checks().getOrDefault(spec.name(), 0.0)).average().orElse(Double.NaN);
            case CLASSIFICATION -> classification(kind, spec, answered, reports);
            case REGRESSION -> regression(kind, answered);
            case FAIRNESS -> fairness(kind, spec, answered, reports);
            case OPERATIONAL -> operational(kind, answered);
        };
    }

    private static List<String> truth(List<CaseOutcome> outcomes) {
        return outcomes.stream().map(o -> o.expected() == null ? "" : o.expected().strip()).toList();
    }

    private static List<String> predicted(List<CaseOutcome> outcomes) {
        return outcomes.stream().map(o -> o.output() == null ? "" : o.output().strip()).toList();
    }

    /** The positive class: the {@code positive} parameter, else the greater of the labels seen (sklearn's rule). */
    private static String positive(MetricSpec spec, List<String> truth, List<String> predicted) {
        if (spec.params().get("positive") != null) {
            return String.valueOf(spec.params().get("positive"));
        }
        java.util.TreeSet<String> labels = new java.util.TreeSet<>(truth);
        labels.addAll(predicted);
        return labels.isEmpty() ? "1" : labels.last();
    }

    private static double classification(MetricKind kind, MetricSpec spec, List<CaseOutcome> outcomes, Map<String, Object> reports) {
        List<String> truth = truth(outcomes);
        List<String> predicted = predicted(outcomes);
        String positive = positive(spec, truth, predicted);
        if (kind == MetricKind.ROC_AUC || kind == MetricKind.LOG_LOSS) {
            List<CaseOutcome> scored = outcomes.stream().filter(o -> o.score() != null).toList();
            if (scored.size() < outcomes.size()) {
                return Double.NaN;
            }
            boolean[] isPositive = new boolean[scored.size()];
            double[] scores = new double[scored.size()];
            for (int i = 0; i < scored.size(); i++) {
                isPositive[i] = positive.equals(truth.get(i));
                scores[i] = scored.get(i).score();
            }
            return kind == MetricKind.ROC_AUC ? Classification.rocAuc(isPositive, scores) : Classification.logLoss(isPositive, scores);
        }
        Classification c = Classification.of(truth, predicted);
        reports.putIfAbsent("confusionMatrix", Map.of("labels", c.labels(), "matrix", c.confusionMatrix()));
        int k = c.indexOf(positive);
        return switch (kind) {
            case ACCURACY -> c.accuracy();
            case PRECISION -> k < 0 ? 0 : c.precision(k);
            case RECALL -> k < 0 ? 0 : c.recall(k);
            case F1 -> k < 0 ? 0 : c.f1(k);
            case PRECISION_MACRO -> c.precision(Classification.Average.MACRO);
            case PRECISION_MICRO -> c.precision(Classification.Average.MICRO);
            case PRECISION_WEIGHTED -> c.precision(Classification.Average.WEIGHTED);
            case RECALL_MACRO -> c.recall(Classification.Average.MACRO);
            case RECALL_MICRO -> c.recall(Classification.Average.MICRO);
            case RECALL_WEIGHTED -> c.recall(Classification.Average.WEIGHTED);
            case F1_MACRO -> c.f1(Classification.Average.MACRO);
            case F1_MICRO -> c.f1(Classification.Average.MICRO);
            case F1_WEIGHTED -> c.f1(Classification.Average.WEIGHTED);
            default -> throw new IllegalStateException(kind.id());
        };
    }

    private static double regression(MetricKind kind, List<CaseOutcome> outcomes) {
        double[] truth = new double[outcomes.size()];
        double[] predicted = new double[outcomes.size()];
        for (int i = 0; i < outcomes.size(); i++) {
            try {
                truth[i] = Double.parseDouble(outcomes.get(i).expected().strip());
                predicted[i] = Double.parseDouble(outcomes.get(i).output().strip());
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }
        return switch (kind) {
            case MAE -> Regression.meanAbsoluteError(truth, predicted);
            case RMSE -> Regression.rootMeanSquaredError(truth, predicted);
            case R2 -> Regression.r2(truth, predicted);
            default -> throw new IllegalStateException(kind.id());
        };
    }

    private static double fairness(MetricKind kind, MetricSpec spec, List<CaseOutcome> outcomes, Map<String, Object> reports) {
        String attribute = String.valueOf(spec.params().get("attribute"));
        List<String> truth = truth(outcomes);
        List<String> predicted = predicted(outcomes);
        String positive = positive(spec, truth, predicted);
        List<String> groups = new ArrayList<>(outcomes.size());
        boolean[] t = new boolean[outcomes.size()];
        boolean[] p = new boolean[outcomes.size()];
        for (int i = 0; i < outcomes.size(); i++) {
            groups.add(outcomes.get(i).attributes().getOrDefault(attribute, "(missing)"));
            t[i] = positive.equals(truth.get(i));
            p[i] = positive.equals(predicted.get(i));
        }
        Fairness.Report report = Fairness.of(groups, t, p);
        reports.putIfAbsent("fairness:" + attribute, report.groups());
        return switch (kind) {
            case DEMOGRAPHIC_PARITY_DIFFERENCE -> report.demographicParityDifference();
            case EQUALIZED_ODDS_DIFFERENCE -> report.equalizedOddsDifference();
            case DISPARATE_IMPACT_RATIO -> report.disparateImpactRatio();
            default -> throw new IllegalStateException(kind.id());
        };
    }

    private static double operational(MetricKind kind, List<CaseOutcome> outcomes) {
        double[] latency = outcomes.stream().mapToDouble(CaseOutcome::latencyMs).toArray();
        return switch (kind) {
            case LATENCY_P50 -> Regression.percentile(latency, 50);
            case LATENCY_P95 -> Regression.percentile(latency, 95);
            case LATENCY_P99 -> Regression.percentile(latency, 99);
            case LATENCY_MEAN -> java.util.Arrays.stream(latency).average().orElse(Double.NaN);
            case TOKENS_PROMPT -> outcomes.stream().mapToDouble(CaseOutcome::promptTokens).sum();
            case TOKENS_COMPLETION -> outcomes.stream().mapToDouble(CaseOutcome::completionTokens).sum();
            case TOKENS_TOTAL -> outcomes.stream().mapToDouble(o -> o.promptTokens() + o.completionTokens()).sum();
            // a case whose model has no price makes the run's cost unknown (NaN, which no cost gate passes), never lower
            case COST_TOTAL -> outcomes.stream().anyMatch(o -> o.cost() == null) ? Double.NaN
                    : outcomes.stream().mapToDouble(CaseOutcome::cost).sum();
            case COST_PER_CASE -> outcomes.stream().anyMatch(o -> o.cost() == null) ? Double.NaN
                    : outcomes.stream().mapToDouble(CaseOutcome::cost).average().orElse(Double.NaN);
            default -> throw new IllegalStateException(kind.id());
        };
    }
}
