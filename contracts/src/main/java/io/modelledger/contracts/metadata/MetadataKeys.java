package io.modelledger.contracts.metadata;

/**
 * Keys of the metadata every event in the governance log carries (ARCHITECTURE.md, rule 4).
 * Values are plain strings so that any reader, in any language, can audit them without our types.
 */
public final class MetadataKeys {

    /** Subject of whoever caused the event: {@code user:alice}, {@code key:ci-bot}, {@code system:monitor-service}. */
    public static final String ACTOR = "actor";
    /** Comma-separated roles the actor held when the event was appended. */
    public static final String ACTOR_ROLES = "actorRoles";
    /** How the actor was authenticated: {@code api-key}, {@code oidc}, {@code internal}, {@code system}. */
    public static final String AUTH_METHOD = "authMethod";
    /** Which credential authenticated the actor: {@code key:<keyId>} or {@code oidc:<issuer>}. */
    public static final String CREDENTIAL = "credential";
    /** Free text the user gave for the change; absent when none was given. */
    public static final String REASON = "reason";
    /** W3C trace context of the request that caused the event. */
    public static final String TRACEPARENT = "traceparent";
    /** Id of the HTTP request that caused the event, as assigned by the gateway. */
    public static final String REQUEST_ID = "requestId";

    /** Every governance key: carried from a command (or a handled event) to each message it causes. */
    public static final java.util.List<String> GOVERNANCE = java.util.List.of(
            ACTOR, ACTOR_ROLES, AUTH_METHOD, CREDENTIAL, REASON, TRACEPARENT, REQUEST_ID);

    /** The actor recorded for a request nobody authenticated (only unprotected endpoints have such). */
    public static final String ANONYMOUS = "anonymous";

    private MetadataKeys() {
    }
}
