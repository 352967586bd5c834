package io.modelledger.monitor.feedback.api;

/** Identifies a FeedbackBatch aggregate. */
public record BatchId(String id) {

    @Override
    public String toString() {
        return "feedback-batch:" + id;
    }
}
