package io.modelledger.eval.run.query;

import io.modelledger.contracts.eval.MetricVerdict;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.Map;

/**
 * A run as eval-service tracks it: what it evaluates, its progress while it runs (cases done and failed,
 * which instance holds its lease), and its outcome. Written by {@link RunProjection} from the run's events
 * and by the executor's progress updates.
 */
@Document("eval_runs")
public record RunDocument(@Id String runId, String suiteName, int suiteVersion, String suiteSha256, String subjectKind,
                          String subjectName, int subjectVersion, String targetKind, Map<String, Object> target,
                          String trigger, String status, int caseCount, int casesDone, int casesFailed,
                          Instant startedAt, Instant finishedAt, String startedBy, String traceparent, String requestId,
                          String owner, Instant leaseUntil, int claims, Boolean passed, Map<String, Double> metrics,
                          Map<String, MetricVerdict> verdicts, Map<String, Object> reports, String failure) {

    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";
}
