package io.modelledger.monitor.feedback.api;

import io.modelledger.contracts.monitor.FeedbackRecorded;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

public record RecordFeedback(@TargetAggregateIdentifier BatchId batchId, FeedbackRecorded feedback) {
}
