package io.modelledger.monitor.feedback.api;

import io.modelledger.contracts.monitor.FeedbackRecorded;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordFeedback(@TargetAggregateIdentifier BatchId batchId, FeedbackRecorded feedback) {
}
