package io.modelledger.monitor.policy.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RemoveAlertRule(@TargetAggregateIdentifier MonitoringId id, String ruleId) {
}
