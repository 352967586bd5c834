package io.modelledger.monitor.policy.command;

import io.modelledger.contracts.monitor.AlertRuleDefined;
import io.modelledger.contracts.monitor.MonitoringPolicyDefined;
import io.modelledger.contracts.monitor.ReferenceProfileBuilt;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands on how a model is monitored; each carries the event it would record. */
public final class MonitoringCommands {

    private MonitoringCommands() {
    }

    /** Identifies a ModelMonitoring aggregate. */
    public record MonitoringId(String modelName) {

        @Override
        public String toString() {
            return "monitoring:" + modelName;
        }
    }

    public record DefineMonitoringPolicy(@TargetAggregateIdentifier MonitoringId id, MonitoringPolicyDefined policy) {
    }

    public record DefineAlertRule(@TargetAggregateIdentifier MonitoringId id, AlertRuleDefined rule) {
    }

    public record RemoveAlertRule(@TargetAggregateIdentifier MonitoringId id, String ruleId) {
    }

    public record RecordReferenceProfile(@TargetAggregateIdentifier MonitoringId id, ReferenceProfileBuilt profile) {
    }
}
