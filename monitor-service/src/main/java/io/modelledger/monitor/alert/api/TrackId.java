package io.modelledger.monitor.alert.api;

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
