package io.modelledger.eval.compare.command;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.modelledger.contracts.eval.ComparisonCompleted;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A recorded A/B comparison; its result is computed before the command and recorded once. */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class Comparison {

    /** Identifies a Comparison aggregate. */
    public record ComparisonId(String id) {

        @Override
        public String toString() {
            return "comparison:" + id;
        }
    }

    public record RecordComparison(@TargetAggregateIdentifier ComparisonId comparisonId, ComparisonCompleted result) {
    }

    @AggregateIdentifier
    private ComparisonId id;

    protected Comparison() {
        // for Axon
    }

    @CommandHandler
    public Comparison(RecordComparison command) {
        apply(command.result());
    }

    @EventSourcingHandler
    void on(ComparisonCompleted event) {
        id = new ComparisonId(event.comparisonId());
    }
}
