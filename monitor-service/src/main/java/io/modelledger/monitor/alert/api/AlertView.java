package io.modelledger.monitor.alert.api;

import org.springframework.data.annotation.Id;
import java.time.Instant;

/** An alert and where it is in its lifecycle: {@code open}, {@code acknowledged} or {@code resolved}. */
public record AlertView(@Id String alertId, String ruleId, String modelName, String environment, Integer modelVersion,
                        String severity, String summary, String metric, Double value, Double threshold, Instant windowStart,
                        Instant windowEnd, String status, Instant raisedAt, Instant acknowledgedAt, String acknowledgedBy,
                        String note, Instant resolvedAt, String resolution, Boolean reEvaluationRequested,
                        Boolean retrainingRequested) {
}
