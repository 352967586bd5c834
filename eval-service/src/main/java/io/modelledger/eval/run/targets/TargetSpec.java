package io.modelledger.eval.run.targets;



/**
 * A run's target description, typed: one record per kind, each validated by Bean Validation where a run
 * starts ({@link Targets#check}). A run stores the description as its request gave it (a map, in the run's
 * event and read model); it is read back into its record when the run executes.
 */
public sealed interface TargetSpec permits PredictionsTarget, OpenAiTarget, HttpTarget {

    String PREDICTIONS = "predictions";
    String OPENAI = "openai";
    String HTTP = "http";

    /** How many cases are in flight at once (null: the configured default). */
    Integer concurrency();

    /** The record type of a kind, or null for a kind that does not exist. */
    static Class<? extends TargetSpec> type(String kind) {
        return switch (kind) {
            case PREDICTIONS -> PredictionsTarget.class;
            case OPENAI -> OpenAiTarget.class;
            case HTTP -> HttpTarget.class;
            default -> null;
        };
    }
}
