package io.modelledger.monitor.alert.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Commands on the alerts of one rule on one deployment. */
public final class AlertCommands {

    private AlertCommands() {
    }

    /** Identifies an AlertTrack: one rule watching one model in one environment. */
    public record TrackId(String ruleId, String modelName, String environment) {

        @Override
        public String toString() {
            return "alert-track:" + ruleId + "~" + modelName + "~" + environment;
        }

        /**
         * The track an alert id belongs to. Alert ids are {@code <rule>~<model>~<environment>~<n>}: URL-safe,
         * and '~' appears in none of the names.
         */
        public static TrackId ofAlert(String alertId) {
            String[] parts = alertId.split("~", -1);
            if (parts.length != 4) {
                throw new IllegalArgumentException("not an alert id: " + alertId);
            }
            return new TrackId(parts[0], parts[1], parts[2]);
        }

        public String alertId(int number) {
            return ruleId + "~" + modelName + "~" + environment + "~" + number;
        }
    }

    /**
     * Raises an alert unless one is open on the track or the cool-down since the last one resolved has not
     * passed; {@code reEvaluate}/{@code retrain} are the feedback loop's follow-ups for this alert.
     */
    public record RaiseAlert(@TargetAggregateIdentifier TrackId trackId, String severity, String summary, int modelVersion,
                             String metric, double value, double threshold, Instant windowStart, Instant windowEnd,
                             long cooldownSeconds, Instant now, boolean reEvaluate, boolean retrain, String cause) {
    }

    public record ResolveAlert(@TargetAggregateIdentifier TrackId trackId, String reason, Double value, Instant now) {
    }

    public record AcknowledgeAlert(@TargetAggregateIdentifier TrackId trackId, String alertId, String note) {
    }
}
