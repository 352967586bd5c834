package io.modelledger.monitor.telemetry.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Keys of the per-minute directories (telemetry documents, feedback batches) of one deployment: a time
 * range is read as the exact ids of its minutes, which the embedded server answers from its unique
 * {@code _id} index instead of scanning for a range.
 */
public final class MinuteDirectory {

    private static final long MINUTE = 60_000L;

    private MinuteDirectory() {
    }

    /** The start of the minute holding {@code millis}. */
    public static long minute(long millis) {
        return Math.floorDiv(millis, MINUTE) * MINUTE;
    }

    /** The directory id of one deployment's minute. */
    public static String id(String model, String environment, long minute) {
        return model + "|" + environment + "|" + minute;
    }

    /** The directory ids of every minute that overlaps [from, to). */
    public static List<String> ids(String model, String environment, Instant from, Instant to) {
        List<String> ids = new ArrayList<>();
        for (long m = minute(from.toEpochMilli()); m < to.toEpochMilli(); m += MINUTE) {
            ids.add(id(model, environment, m));
        }
        return ids;
    }
}
