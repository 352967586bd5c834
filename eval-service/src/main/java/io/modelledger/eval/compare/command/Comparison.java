package io.modelledger.eval.compare.command;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.modelledger.contracts.eval.ComparisonCompleted;
import io.modelledger.eval.compare.api.ComparisonId;
import io.modelledger.eval.compare.api.RecordComparison;
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
