package io.modelledger.monitor.feedback.command;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.modelledger.contracts.monitor.FeedbackRecorded;
import io.modelledger.monitor.feedback.api.BatchId;
import io.modelledger.monitor.feedback.api.RecordFeedback;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** One feedback batch, recorded once: its id is the batch id, so a retried batch is refused by the store. */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class FeedbackBatch {

    @AggregateIdentifier
    private BatchId id;

    protected FeedbackBatch() {
        // for Axon
    }

    @CommandHandler
    public FeedbackBatch(RecordFeedback command) {
        apply(command.feedback());
    }

    @EventSourcingHandler
    void on(FeedbackRecorded event) {
        id = new BatchId(event.batchId());
    }
}
