package io.modelledger.audit.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelledger.contracts.EventTypes;
import io.modelledger.contracts.audit.AuditEntry;
import io.modelledger.platform.axon.AxonJackson;

import java.util.Optional;

/**
 * An audit entry's event as its contracts record, read from the recorded payload with the same lenient Jackson
 * setup Axon reads events with: fields added later default, renamed fields are read through their aliases.
 */
final class AuditEvents {

    private static final ObjectMapper EVENTS = AxonJackson.objectMapper();

    private AuditEvents() {
    }

    /** A recorded payload as a tree; empty if it is not JSON. */
    static JsonNode tree(String json) {
        try {
            return EVENTS.readTree(json);
        } catch (Exception notJson) {
            return EVENTS.createObjectNode();
        }
    }

    /** The event, or empty for a type that is not a contracts event or a payload that no longer reads as one. */
    static Optional<Object> read(AuditEntry entry) {
        return EventTypes.named(entry.type()).flatMap(type -> {
            try {
                return Optional.of(EVENTS.readValue(entry.payload(), type));
            } catch (Exception unreadable) { // an edited payload: the verification names it; the views skip it
                return Optional.empty();
            }
        });
    }
}
