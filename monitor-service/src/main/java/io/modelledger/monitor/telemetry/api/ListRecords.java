package io.modelledger.monitor.telemetry.api;

import java.time.Instant;

/**
 * The most recent records of a deployment in [from, to), newest first, at most {@code limit}; answered with
 * {@link RecordView}s, with their captured text only when {@code withText} (the caller may read it).
 */
public record ListRecords(String model, String environment, Instant from, Instant to, int limit, boolean withText) {

    public static final int MAX_LIMIT = 500;
}
