package io.modelledger.monitor;

import io.modelledger.platform.domain.FieldException;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** Durations in requests: ISO-8601 ({@code PT15M}, {@code PT1H}, {@code P1D}), from a minimum up to 31 days. */
public final class Durations {

    private Durations() {
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
