package io.modelledger.platform.web;

import org.springframework.format.Formatter;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Instants in path and query parameters: ISO-8601 with an offset, or epoch milliseconds (as Spring's own
 * formatter took them), from 1970 to {@link StrictJson#INSTANT_RANGE} after now. Query parameters select
 * (an audit's point in time, a range of entries), so the past is open back to the epoch; a far-off year is
 * refused here instead of overflowing a window computation.
 */
final class BoundedInstantFormatter implements Formatter<Instant> {

    @Override
    public Instant parse(String text, Locale locale) {
        Instant instant;
        try {
            instant = text.matches("\\d{1,15}") ? Instant.ofEpochMilli(Long.parseLong(text))
                    : OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new ParameterException("must be an ISO-8601 instant with an offset (e.g. 2026-01-31T12:00:00Z) or epoch milliseconds");
        }
        if (instant.isBefore(Instant.EPOCH) || instant.isAfter(Instant.now().plus(StrictJson.INSTANT_RANGE))) {
            throw new ParameterException("must lie between 1970 and 10 years from now");
        }
        return instant;
    }

    @Override
    public String print(Instant instant, Locale locale) {
        return instant.toString();
    }
}
