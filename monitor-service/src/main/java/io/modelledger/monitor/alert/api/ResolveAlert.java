package io.modelledger.monitor.alert.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import java.time.Instant;

public record ResolveAlert(@TargetAggregateIdentifier TrackId trackId, String reason, Double value, Instant now) {
}
