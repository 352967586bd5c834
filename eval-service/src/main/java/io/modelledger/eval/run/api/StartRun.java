package io.modelledger.eval.run.api;

import java.util.List;
import java.util.Map;

/**
 * Starts an evaluation run of a suite version (the latest when {@code suiteVersion} is null) on a registered
 * subject, against a target description ({@code kind} plus its fields, or the {@code name} of a configured
 * target). A run with target kind {@code predictions} takes the outputs, one per case, in {@code predictions}.
 * Answered with the {@link StartedRun}; refused with the request field at fault.
 */
public record StartRun(String suiteName, Integer suiteVersion, String subjectKind, String subjectName, int subjectVersion,
                       Map<String, Object> target, List<Prediction> predictions) {
}
