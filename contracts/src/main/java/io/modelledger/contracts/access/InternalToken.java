package io.modelledger.contracts.access;

/**
 * The short-lived token the gateway signs for every request it forwards. Services accept no request
 * without one and take the event actor only from it.
 */
public final class InternalToken {

    public static final String ISSUER = "modelledger-gateway";
    public static final String AUDIENCE = "modelledger-services";
    /** Space-separated roles. */
    public static final String ROLES = "roles";
    /** How the caller authenticated at the gateway: {@code api-key}, {@code oidc} or {@code internal}. */
    public static final String AUTH_METHOD = "auth_method";
    /** The API key id, for callers that used a key. */
    public static final String KEY_ID = "key_id";
    /**
     * For a key bound to one deployment, its model and environment: such a caller may send telemetry for that deployment
     * only, and only its telemetry counts as that deployment's canary evidence.
     */
    public static final String BOUND_MODEL = "bound_model";
    public static final String BOUND_ENVIRONMENT = "bound_env";
    /** The issuer of the caller's OIDC token, for callers that used one. */
    public static final String IDENTITY_ISSUER = "idp";
    /** The request id the gateway assigned. */
    public static final String REQUEST_ID = "request_id";
    /** Where the gateway publishes the public keys that verify its tokens. */
    public static final String JWKS_PATH = "/.well-known/jwks.json";

    private InternalToken() {
    }
}
