package io.modelledger.platform.metadata;

import io.modelledger.contracts.metadata.MetadataKeys;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Metadata for commands a service sends on its own initiative (no user request behind them): a named
 * system actor, the reason, and a fresh request id and trace, so such events are as traceable as others.
 */
public final class SystemMetadata {

    private SystemMetadata() {
    }

    public static Map<String, String> of(String systemActor, String reason) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(MetadataKeys.ACTOR, systemActor);
        metadata.put(MetadataKeys.AUTH_METHOD, "system");
        metadata.put(MetadataKeys.REASON, reason);
        metadata.put(MetadataKeys.REQUEST_ID, "system-" + UUID.randomUUID());
        metadata.put(MetadataKeys.TRACEPARENT, newTraceparent());
        return metadata;
    }

    /** A new W3C trace context: random trace and span ids, sampled. */
    public static String newTraceparent() {
        HexFormat hex = HexFormat.of();
        byte[] traceId = new byte[16];
        byte[] spanId = new byte[8];
        ThreadLocalRandom.current().nextBytes(traceId);
        ThreadLocalRandom.current().nextBytes(spanId);
        return "00-" + hex.formatHex(traceId) + "-" + hex.formatHex(spanId) + "-01";
    }
}
