package io.modelledger.eval.run.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import java.util.Map;

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
