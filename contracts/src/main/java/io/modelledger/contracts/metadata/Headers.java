package io.modelledger.contracts.metadata;

/**
 * HTTP headers of the API. Identity travels only in the gateway's internal token; the identity headers
 * listed here are stripped from every request by the gateway, so a client cannot name an actor.
 */
public final class Headers {

    public static final String REQUEST_ID = "X-Request-Id";
    /** A request id a client may choose (else one is assigned); services take only one of this form from the header. */
    public static final java.util.regex.Pattern REQUEST_ID_FORM = java.util.regex.Pattern.compile("^[A-Za-z0-9._:-]{8,128}$");
    public static final String ACTOR = "X-ModelLedger-Actor";
    public static final String ACTOR_ROLES = "X-ModelLedger-Actor-Roles";
    public static final String AUTH_METHOD = "X-ModelLedger-Auth-Method";
    /** Set by clients: why they make the change. Recorded as the event's {@code reason}. */
    public static final String REASON = "X-ModelLedger-Reason";
    public static final String TRACEPARENT = "traceparent";

    /** Headers that only the gateway may set; a client's values are removed. */
    public static final java.util.List<String> IDENTITY = java.util.List.of(ACTOR, ACTOR_ROLES, AUTH_METHOD);

    private Headers() {
    }
}
