package io.modelledger.monitor.feedback.api;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** Identifies a FeedbackBatch aggregate. */
public record BatchId(String id) {

    @Override
    public String toString() {
        return "feedback-batch:" + id;
    }
}
