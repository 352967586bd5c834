package io.modelledger.registry.access.api;

/**
 * Names of this feature's read models (their processing groups), for web code that must know whether one
 * is current, replaying or running before it answers ({@code ProjectionGate}).
 */
public final class ReadModels {

    /** API keys and their credentials. */
    public static final String API_KEYS = "access-keys";

    /** Requests for privileged keys that wait for a second admin, and what became of them. */
    public static final String KEY_REQUESTS = "access-key-requests";

    private ReadModels() {
    }
}
