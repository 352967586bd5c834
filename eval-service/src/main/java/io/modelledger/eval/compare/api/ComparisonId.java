package io.modelledger.eval.compare.api;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** Identifies a Comparison aggregate. */
public record ComparisonId(String id) {

    @Override
    public String toString() {
        return "comparison:" + id;
    }
}
