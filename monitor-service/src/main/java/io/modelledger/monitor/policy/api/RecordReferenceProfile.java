package io.modelledger.monitor.policy.api;

import io.modelledger.contracts.monitor.ReferenceProfileBuilt;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordReferenceProfile(@TargetAggregateIdentifier MonitoringId id, ReferenceProfileBuilt profile) {
}
