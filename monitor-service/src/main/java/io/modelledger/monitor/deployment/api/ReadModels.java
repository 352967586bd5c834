package io.modelledger.monitor.deployment.api;

/**
 * Names of this feature's read models (their processing groups), for web code that must know whether one
 * is current, replaying or running before it answers ({@code ProjectionGate}).
 */
public final class ReadModels {

    /** The model versions the registry registered, as monitor-service knows them. */
    public static final String KNOWN_VERSIONS = "monitor-known-versions";

    private ReadModels() {
    }
}
