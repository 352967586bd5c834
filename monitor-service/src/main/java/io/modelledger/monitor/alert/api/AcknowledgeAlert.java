package io.modelledger.monitor.alert.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record AcknowledgeAlert(@TargetAggregateIdentifier TrackId trackId, String alertId, String note) {
}
