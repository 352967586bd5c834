package io.modelledger.monitor.policy.api;

/** Identifies a ModelMonitoring aggregate. */
public record MonitoringId(String modelName) {

    @Override
    public String toString() {
        return "monitoring:" + modelName;
    }
}
