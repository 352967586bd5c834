package io.modelledger.contracts.metadata;

/** Named actors for events a service appends on its own initiative (no user request behind them). */
public final class SystemActors {

    public static final String REGISTRY = "system:registry-service";
    public static final String EVAL = "system:eval-service";
    public static final String MONITOR = "system:monitor-service";

    private SystemActors() {
    }
}
