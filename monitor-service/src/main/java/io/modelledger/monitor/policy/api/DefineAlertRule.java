package io.modelledger.monitor.policy.api;

import io.modelledger.contracts.monitor.AlertRuleDefined;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DefineAlertRule(@TargetAggregateIdentifier MonitoringId id, AlertRuleDefined rule) {
}
