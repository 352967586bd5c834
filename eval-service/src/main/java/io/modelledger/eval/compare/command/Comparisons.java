package io.modelledger.eval.compare.command;

import io.modelledger.checks.statistics.TwoSampleTests;
import io.modelledger.contracts.eval.ComparisonCompleted;
import io.modelledger.contracts.eval.ComparisonCompleted.MetricComparison;
import io.modelledger.contracts.eval.ComparisonCompleted.Side;
import io.modelledger.contracts.eval.MetricSpec;
import io.modelledger.eval.compare.PairedStatistics;
import io.modelledger.eval.compare.api.CompareRuns;
import io.modelledger.eval.compare.api.ComparisonId;
import io.modelledger.eval.compare.api.RecordComparison;
import io.modelledger.eval.metric.CaseOutcome;
import io.modelledger.eval.metric.MetricEngine;
import io.modelledger.eval.metric.MetricKind;
import io.modelledger.eval.run.query.RunDocument;
import io.modelledger.eval.run.query.RunStore;
import io.modelledger.eval.suite.api.SuiteCase;
import io.modelledger.eval.suite.query.SuiteCatalogStore;
import io.modelledger.eval.suite.query.SuiteStore;
import io.modelledger.platform.domain.ConflictException;
import io.modelledger.platform.domain.FieldException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Compares two completed runs of the same suite version, case by case. For every metric of the suite:
 * both values over the cases both runs answered, the difference (candidate − baseline) with a 95%
 * percentile-bootstrap interval (2,000 paired resamples, seeded by the run ids, so the answer is
 * reproducible), and a paired test where one applies: McNemar for pass/fail checks and for accuracy (per
 * case: correct or not), Wilcoxon signed-rank for per-case scores (similarities, latencies); for the
 * remaining metrics (F1, ROC AUC, R², fairness gaps) the bootstrap interval decides. A difference is
 * significant at p &lt; 0.05 (or an interval excluding 0); its direction respects whether lower is better.
 * The outcome is decided by the metrics that gate the suite's verdict (those with a threshold; all of them
 * when none has one), their tests' p-values adjusted together by Holm's method (a metric that only the bootstrap
 * interval judges is not adjusted): a candidate that is more accurate but costs more is still "candidate-better" when
 * cost is only reported, and the cost difference is there to read.
 */
@Component
class Comparisons {

    static final int RESAMPLES = 2000;

    private final RunStore runs;
    private final SuiteStore suites;
    private final SuiteCatalogStore catalog;
    private final CommandGateway commands;

    Comparisons(RunStore runs, SuiteStore suites, SuiteCatalogStore catalog, CommandGateway commands) {
        this.runs = runs;
        this.suites = suites;
        this.catalog = catalog;
        this.commands = commands;
    }

    /** Compares the runs and records the result as a {@link Comparison}. */
    @CommandHandler
    ComparisonCompleted handle(CompareRuns command) {
        String id = UUID.randomUUID().toString();
        ComparisonCompleted result = compare(id, command.baselineRunId(), command.candidateRunId());
        commands.sendAndWait(new RecordComparison(new ComparisonId(id), result));
        return result;
    }

    ComparisonCompleted compare(String comparisonId, String baselineRunId, String candidateRunId) {
        RunDocument baseline = completed(baselineRunId, "baselineRunId");
        RunDocument candidate = completed(candidateRunId, "candidateRunId");
        if (!baseline.suiteSha256().equals(candidate.suiteSha256())) {
            throw new FieldException("candidateRunId", "the runs evaluated different suite versions ("
                    + baseline.suiteName() + " v" + baseline.suiteVersion() + " and " + candidate.suiteName() + " v"
                    + candidate.suiteVersion() + ")");
        }
        if (!baseline.subjectKind().equals(candidate.subjectKind())) {
            throw new FieldException("candidateRunId", "a " + candidate.subjectKind() + " run cannot be compared with a "
                    + baseline.subjectKind() + " run");
        }
        List<MetricSpec> specs = catalog.version(baseline.suiteName(), baseline.suiteVersion()).orElseThrow().metrics();
        List<SuiteCase> cases = suites.cases(baseline.suiteSha256());
        List<CaseOutcome> a = runs.outcomes(baseline.runId(), cases);
        List<CaseOutcome> b = runs.outcomes(candidate.runId(), cases);
        long seed = (baselineRunId + "|" + candidateRunId).hashCode();
        Map<String, MetricComparison> metrics = new LinkedHashMap<>();
        for (MetricSpec spec : specs) {
            metrics.put(spec.name(), compare(spec, a, b, seed));
        }
        String outcome = outcome(specs, metrics);
        return new ComparisonCompleted(comparisonId, baseline.suiteName(), baseline.suiteSha256(), baseline.subjectKind(),
                                       new Side(baseline.subjectName(), baseline.subjectVersion(), baseline.runId()),
                                       new Side(candidate.subjectName(), candidate.subjectVersion(), candidate.runId()),
                                       metrics, outcome);
    }

    /**
     * The outcome, from the metrics that gate the verdict (all of them when none does). Their tests' p-values are
     * adjusted together by Holm's method first, since several deciding metrics are several chances to find a
     * difference by luck; {@code metrics} then holds the adjusted judgements of those metrics.
     */
    static String outcome(List<MetricSpec> specs, Map<String, MetricComparison> metrics) {
        boolean anyGate = specs.stream().anyMatch(s -> s.threshold() != null);
        List<MetricSpec> gating = specs.stream().filter(s -> !anyGate || s.threshold() != null).toList();
        List<MetricSpec> tested = gating.stream().filter(s -> metrics.get(s.name()).pValue() != null).toList();
        double[] adjusted = TwoSampleTests.holm(tested.stream().mapToDouble(s -> metrics.get(s.name()).pValue()).toArray());
        for (int i = 0; i < tested.size(); i++) {
            MetricSpec spec = tested.get(i);
            MetricComparison raw = metrics.get(spec.name());
            metrics.put(spec.name(), raw.adjusted(adjusted[i], better(spec, raw.difference(), adjusted[i] < 0.05 && raw.difference() != 0)));
        }
        List<MetricComparison> deciding = gating.stream().map(s -> metrics.get(s.name())).toList();
        boolean candidateBetter = deciding.stream().anyMatch(m -> "candidate".equals(m.better()));
        boolean baselineBetter = deciding.stream().anyMatch(m -> "baseline".equals(m.better()));
        return candidateBetter && baselineBetter ? "mixed"
                : candidateBetter ? "candidate-better" : baselineBetter ? "baseline-better" : "no-significant-difference";
    }

    private RunDocument completed(String runId, String field) {
        RunDocument run = runs.find(runId).orElseThrow(() -> new FieldException(field, "no run " + runId));
        if (!RunDocument.COMPLETED.equals(run.status())) {
            throw new ConflictException("Run " + runId + " is " + run.status() + "; only completed runs can be compared");
        }
        return run;
    }

    static MetricComparison compare(MetricSpec spec, List<CaseOutcome> a, List<CaseOutcome> b, long seed) {
        MetricKind kind = MetricKind.of(spec.metric()).orElseThrow();
        boolean allCases = kind == MetricKind.ERROR_RATE;
        List<CaseOutcome> pa = new ArrayList<>();
        List<CaseOutcome> pb = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (allCases || (!a.get(i).failed() && !b.get(i).failed())) {
                pa.add(a.get(i));
                pb.add(b.get(i));
            }
        }
        double va = value(spec, pa);
        double vb = value(spec, pb);
        int n = pa.size();
        PairedStatistics.Interval interval = n == 0 ? new PairedStatistics.Interval(Double.NaN, Double.NaN)
                : PairedStatistics.bootstrap(n, sample -> {
                    List<CaseOutcome> sa = new ArrayList<>(n);
                    List<CaseOutcome> sb = new ArrayList<>(n);
                    for (int index : sample) {
                        sa.add(pa.get(index));
                        sb.add(pb.get(index));
                    }
                    return value(spec, sb) - value(spec, sa);
                }, RESAMPLES, seed ^ spec.name().hashCode());
        String test = "bootstrap";
        Double p = null;
        double[] sa = perCase(kind, spec, pa);
        double[] sb = perCase(kind, spec, pb);
        if (sa != null) {
            boolean binary = java.util.stream.DoubleStream.concat(java.util.Arrays.stream(sa), java.util.Arrays.stream(sb))
                                                          .allMatch(v -> v == 0 || v == 1);
            if (binary) {
                int onlyA = 0;
                int onlyB = 0;
                for (int i = 0; i < n; i++) {
                    if (sa[i] == 1 && sb[i] == 0) {
                        onlyA++;
                    } else if (sa[i] == 0 && sb[i] == 1) {
                        onlyB++;
                    }
                }
                test = "mcnemar";
                p = PairedStatistics.mcnemar(onlyA, onlyB);
            } else {
                test = "wilcoxon";
                p = PairedStatistics.wilcoxon(sa, sb).pValue();
            }
        }
        double difference = vb - va;
        boolean significant = p != null ? p < 0.05 && difference != 0 : interval.excludesZero();
        return new MetricComparison(va, vb, difference, interval.low(), interval.high(), test, p, n, better(spec, difference, significant));
    }

    /** Which side a significant difference favours, whichever way the metric is better. */
    private static String better(MetricSpec spec, double difference, boolean significant) {
        if (!significant || Double.isNaN(difference)) {
            return "none";
        }
        boolean higherIsBetter = MetricSpec.AT_LEAST.equals(MetricEngine.comparator(spec));
        return (difference > 0) == higherIsBetter ? "candidate" : "baseline";
    }

    private static double value(MetricSpec spec, List<CaseOutcome> outcomes) {
        List<CaseOutcome> answered = outcomes.stream().filter(o -> !o.failed()).toList();
        return MetricEngine.value(spec, answered, outcomes, new HashMap<>());
    }

    /** Per-case values the paired tests work on, or null when the metric exists only over the whole set. */
    private static double[] perCase(MetricKind kind, MetricSpec spec, List<CaseOutcome> outcomes) {
        return switch (kind.family()) {
            case CHECK -> outcomes.stream().mapToDouble(o -> o.checks().getOrDefault(spec.name(), 0.0)).toArray();
            case OPERATIONAL -> switch (kind) {
                case ERROR_RATE -> outcomes.stream().mapToDouble(o -> o.failed() ? 1 : 0).toArray();
                case LATENCY_P50, LATENCY_P95, LATENCY_P99, LATENCY_MEAN -> outcomes.stream().mapToDouble(CaseOutcome::latencyMs).toArray();
                case TOKENS_PROMPT -> outcomes.stream().mapToDouble(CaseOutcome::promptTokens).toArray();
                case TOKENS_COMPLETION -> outcomes.stream().mapToDouble(CaseOutcome::completionTokens).toArray();
                case TOKENS_TOTAL -> outcomes.stream().mapToDouble(o -> o.promptTokens() + o.completionTokens()).toArray();
                // unpriced cases leave no per-case cost to test: the bootstrap of an unknown total decides nothing
                default -> outcomes.stream().anyMatch(o -> o.cost() == null) ? null
                        : outcomes.stream().mapToDouble(CaseOutcome::cost).toArray();
            };
            case CLASSIFICATION -> kind == MetricKind.ACCURACY
                    ? outcomes.stream().mapToDouble(o -> o.output() != null && o.expected() != null
                            && o.output().strip().equals(o.expected().strip()) ? 1 : 0).toArray()
                    : null;
            default -> null;
        };
    }
}
