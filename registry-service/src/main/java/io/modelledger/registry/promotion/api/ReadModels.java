package io.modelledger.registry.promotion.api;

/**
 * Names of this feature's read models (their processing groups), for web code that must know whether one
 * is current, replaying or running before it answers ({@code ProjectionGate}).
 */
public final class ReadModels {

    /** Evaluation verdicts and open alerts that promotions are judged on. */
    public static final String EVIDENCE = "promotion-evidence";

    private ReadModels() {
    }
}
