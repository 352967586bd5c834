package io.modelledger.platform.metadata;

import io.modelledger.contracts.metadata.MetadataKeys;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who is acting, why, and in which request and trace: the actor from the gateway's internal token, the
 * reason and trace from the request's headers; put on every command (and so on every event) the request
 * causes.
 */
public record RequestMetadata(String actor, String actorRoles, String authMethod, String credential, String reason,
                              String traceparent, String requestId, Long expectedVersion) {

    static final String ATTRIBUTE = RequestMetadata.class.getName();

    /** The metadata of the HTTP request bound to the current thread, if any. */
    public static Optional<RequestMetadata> current() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes == null) {
            return Optional.empty();
        }
        return Optional.ofNullable((RequestMetadata) attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST));
    }

    /** As Axon metadata entries; keys without a value are left out. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        put(map, MetadataKeys.ACTOR, actor);
        put(map, MetadataKeys.ACTOR_ROLES, actorRoles);
        put(map, MetadataKeys.AUTH_METHOD, authMethod);
        put(map, MetadataKeys.CREDENTIAL, credential);
        put(map, MetadataKeys.REASON, reason);
        put(map, MetadataKeys.TRACEPARENT, traceparent);
        put(map, MetadataKeys.REQUEST_ID, requestId);
        if (expectedVersion != null) {
            map.put(io.modelledger.platform.axon.IfMatchCommandTargetResolver.EXPECTED_VERSION, expectedVersion);
        }
        return map;
    }

    private static void put(Map<String, Object> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value);
        }
    }
}
