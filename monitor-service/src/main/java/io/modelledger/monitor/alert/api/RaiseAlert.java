package io.modelledger.monitor.alert.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import java.time.Instant;

/**
 * Raises an alert unless one is open on the track or the cool-down since the last one resolved has not
 * passed; {@code reEvaluate}/{@code retrain} are the feedback loop's follow-ups for this alert.
 */
public record RaiseAlert(@TargetAggregateIdentifier TrackId trackId, String severity, String summary, int modelVersion,
                         String metric, double value, double threshold, Instant windowStart, Instant windowEnd,
                         long cooldownSeconds, Instant now, boolean reEvaluate, boolean retrain, String cause) {
}
