package io.modelledger.eval.compare.api;

/** A recorded comparison by id; answered with an optional {@code ComparisonCompleted}. */
public record FindComparison(String comparisonId) {

    /** The read model (processing group) that answers it. */
    public static final String READ_MODEL = "eval-comparisons";
}
