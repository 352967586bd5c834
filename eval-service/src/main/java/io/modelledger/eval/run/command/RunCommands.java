package io.modelledger.eval.run.command;

import io.modelledger.contracts.eval.MetricVerdict;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/** Commands on evaluation runs. */
public final class RunCommands {

    private RunCommands() {
    }

    public record StartEvaluationRun(@TargetAggregateIdentifier RunId runId, String suiteName, int suiteVersion,
                                     String suiteSha256, String subjectKind, String subjectName, int subjectVersion,
                                     String targetKind, Map<String, Object> target, int caseCount, String trigger,
                                     String onBehalfOf) {

        public StartEvaluationRun(RunId runId, String suiteName, int suiteVersion, String suiteSha256, String subjectKind,
                                  String subjectName, int subjectVersion, String targetKind, Map<String, Object> target,
                                  int caseCount, String trigger) {
            this(runId, suiteName, suiteVersion, suiteSha256, subjectKind, subjectName, subjectVersion, targetKind, target, caseCount,
                 trigger, null);
        }
    }

    public record CancelEvaluationRun(@TargetAggregateIdentifier RunId runId) {
    }

    public record CompleteEvaluationRun(@TargetAggregateIdentifier RunId runId, Boolean passed, Map<String, Double> metrics,
                                        Map<String, MetricVerdict> verdicts, int failedCases) {
    }

    public record FailEvaluationRun(@TargetAggregateIdentifier RunId runId, String reason) {
    }
}
