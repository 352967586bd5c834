package io.modelledger.eval.compare.query;

import io.modelledger.contracts.eval.ComparisonCompleted;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;

/** Recorded comparisons, by id, from {@link ComparisonCompleted}; idempotent, and emptied before a replay. */
@Component
@ProcessingGroup("eval-comparisons")
class ComparisonProjection {

    private final Comparisons comparisons;

    ComparisonProjection(Comparisons comparisons) {
        this.comparisons = comparisons;
    }

    @EventHandler
    void on(ComparisonCompleted event) {
        comparisons.save(event);
    }

    @ResetHandler
    void reset() {
        comparisons.clear();
    }
}
