package io.modelledger.monitor;

import io.modelledger.platform.domain.FieldException;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** Durations in requests: ISO-8601 ({@code PT15M}, {@code PT1H}, {@code P1D}), from a minimum up to 31 days. */
public final class Durations {

    private Durations() {
    }

    /** A time range a request reads: {@code from} before {@code to}, at most 31 days apart; otherwise a 400 naming the field. */
    public static void requireRange(java.time.Instant from, java.time.Instant to) {
        if (!from.isBefore(to)) {
            throw new FieldException("from", "must be before 'to'");
        }
        if (Duration.between(from, to).compareTo(Duration.ofDays(31)) > 0) {
            throw new FieldException("to", "at most 31 days after 'from'");
        }
    }

    /** The parsed duration; a malformed or out-of-range one is a 400 naming {@code field}. */
    public static Duration parse(String field, String value, Duration minimum) {
        Duration duration;
        try {
            duration = Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new FieldException(field, "not an ISO-8601 duration (e.g. PT15M, PT1H, P1D)");
        }
        if (duration.compareTo(minimum) < 0 || duration.toDays() > 31) {
            throw new FieldException(field, "from " + minimum.toSeconds() + " second(s) to 31 days");
        }
        return duration;
    }
}
