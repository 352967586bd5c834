package io.modelledger.contracts.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelledger.contracts.Sha256;

import java.util.Map;
import java.util.TreeMap;

/**
 * One event of the governance log as the audit trail shows it, linked to the one before by a hash chain:
 * {@code hash = SHA-256(previousHash + canonical JSON of every other field)}. The entry is a pure function of
 * the event as stored (its payload and metadata JSON exactly as written) and of its place in the chain, so
 * the chain can be recomputed from the event store, and from an export, by anyone.
 * <p>
 * {@code position} is the event's global index in the store; {@code sequence} its place in the chain (1, 2,
 * 3…, no holes). They differ only for an event whose commit landed late: it is chained at the end, when it
 * arrives, with its store position recorded. Format 2 ({@link #FORMAT}) hashes every governance metadata
 * field ({@code actorRoles}, {@code authMethod}, {@code credential}, the full {@code traceparent}) and the
 * sequence; entries of format 1 (format absent) keep verifying under the rule they were written with, in
 * which the sequence is the position.
 */
public record AuditEntry(long position, String eventId, String type, String revision, String service,
                         String aggregateType, String aggregateId, Long sequenceNumber, String subject, String actor,
                         String reason, String traceId, String requestId, String timestamp, String payload,
                         String previousHash, String hash, Integer format, Long sequence, String actorRoles,
                         String authMethod, String credential, String traceparent) {

    public static final String GENESIS = "0".repeat(64);
    /** The entry format written now. */
    public static final int FORMAT = 2;
    private static final ObjectMapper CANONICAL = CanonicalJson.MAPPER;

    /** An event as the store holds it. */
    public record StoredEvent(long position, String eventId, String payloadType, String payloadRevision, String aggregateType,
                              String aggregateId, Long sequenceNumber, String timestamp, String payloadJson,
                              String metaDataJson) {
    }

    /** The entry of format {@link #FORMAT} for an event chained as the {@code sequence}-th link. */
    public static AuditEntry of(StoredEvent event, String previousHash, long sequence) {
        return of(event, previousHash, FORMAT, sequence);
    }

    /** The entry of an event under the rule of {@code format} (null or 1: the first format, in which sequence is position). */
    public static AuditEntry of(StoredEvent event, String previousHash, Integer format, Long sequence) {
        Map<String, Object> metadata = readMap(event.metaDataJson());
        boolean v2 = format != null && format >= 2;
        String payload = canonical(event.payloadJson());
        String type = event.payloadType().substring(event.payloadType().lastIndexOf('.') + 1);
        String traceparent = (String) metadata.get("traceparent");
        String traceId = traceparent != null && traceparent.length() >= 35 ? traceparent.substring(3, 35) : null;
        boolean domain = event.aggregateType() != null;
        AuditEntry unsigned = new AuditEntry(event.position(), event.eventId(), type, event.payloadRevision(),
                                             service(event.payloadType()), event.aggregateType(),
                                             domain ? event.aggregateId() : null, domain ? event.sequenceNumber() : null,
                                             subject(event.payloadJson()), (String) metadata.get("actor"),
                                             (String) metadata.get("reason"), traceId, (String) metadata.get("requestId"),
                                             event.timestamp(), payload, previousHash, null, v2 ? format : null,
                                             v2 ? sequence : Long.valueOf(event.position()),
                                             v2 ? string(metadata.get("actorRoles")) : null, v2 ? string(metadata.get("authMethod")) : null,
                                             v2 ? string(metadata.get("credential")) : null, v2 ? traceparent : null);
        return unsigned.withHash(sha256(previousHash + unsigned.canonicalWithoutHash()));
    }

    /** The entry of format 1 (the sequence is the position): how entries were written before format 2. */
    public static AuditEntry of(StoredEvent event, String previousHash) {
        return of(event, previousHash, null, null);
    }

    /** Where this entry stands in the chain: its sequence (the position for format 1). */
    public long chainSequence() {
        return sequence != null ? sequence : position;
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    /** Whether this entry's hash is right for its content and its predecessor. */
    public boolean hashHolds() {
        return hash != null && hash.equals(sha256(previousHash + canonicalWithoutHash()));
    }

    public String canonicalWithoutHash() {
        Map<String, Object> fields = new TreeMap<>();
        fields.put("position", position);
        fields.put("eventId", eventId);
        fields.put("type", type);
        fields.put("revision", revision);
        fields.put("service", service);
        fields.put("aggregateType", aggregateType);
        fields.put("aggregateId", aggregateId);
        fields.put("sequenceNumber", sequenceNumber);
        fields.put("subject", subject);
        fields.put("actor", actor);
        fields.put("reason", reason);
        fields.put("traceId", traceId);
        fields.put("requestId", requestId);
        fields.put("timestamp", timestamp);
        fields.put("payload", payload);
        fields.put("previousHash", previousHash);
        if (format != null && format >= 2) {
            fields.put("format", format);
            fields.put("sequence", sequence);
            fields.put("actorRoles", actorRoles);
            fields.put("authMethod", authMethod);
            fields.put("credential", credential);
            fields.put("traceparent", traceparent);
        }
        try {
            return CANONICAL.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private AuditEntry withHash(String value) {
        return new AuditEntry(position, eventId, type, revision, service, aggregateType, aggregateId, sequenceNumber, subject,
                              actor, reason, traceId, requestId, timestamp, payload, previousHash, value, format, sequence,
                              actorRoles, authMethod, credential, traceparent);
    }

    /** The same entry with a recorded hash (and predecessor) in place of the computed ones. */
    public AuditEntry withRecorded(String recordedPreviousHash, String recordedHash) {
        return new AuditEntry(position, eventId, type, revision, service, aggregateType, aggregateId, sequenceNumber, subject,
                              actor, reason, traceId, requestId, timestamp, payload, recordedPreviousHash, recordedHash, format,
                              sequence, actorRoles, authMethod, credential, traceparent);
    }

    /** JSON with object keys sorted, so equal content always hashes the same. */
    public static String canonical(String json) {
        try {
            Object tree = CANONICAL.readValue(json, Object.class);
            return CANONICAL.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            return json; // not JSON: kept byte for byte
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readMap(String json) {
        try {
            return json == null ? Map.of() : CANONICAL.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    /** The service recorded for an event type: the {@link io.modelledger.contracts.EmittedBy} of its contracts package. */
    public static String service(String payloadType) {
        return io.modelledger.contracts.EventTypes.emitter(payloadType);
    }

    /** What the event concerns, e.g. {@code model:fraud}, {@code prompt:support}, {@code dataset:tx}, {@code key:…}. */
    public static String subject(String payloadJson) {
        try {
            JsonNode node = CANONICAL.readTree(payloadJson);
            if (node.hasNonNull("subjectName")) {
                String kind = node.hasNonNull("subjectKind") ? node.get("subjectKind").asText() : "model";
                return kind + ":" + node.get("subjectName").asText();
            }
            for (String[] field : new String[][]{{"modelName", "model"}, {"promptName", "prompt"}, {"datasetName", "dataset"},
                    {"keyId", "key"}}) {
                if (node.hasNonNull(field[0])) {
                    return field[1] + ":" + node.get(field[0]).asText();
                }
            }
            return null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    public static String sha256(String text) {
        return Sha256.hex(text);
    }
}
