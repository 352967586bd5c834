package io.modelledger.platform.web;

import org.springframework.format.Formatter;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Instants in path and query parameters: ISO-8601 with an offset, within {@link StrictJson#INSTANT_RANGE} of
 * now, as in request bodies. A far-off year is refused here instead of overflowing a window computation.
 */
final class BoundedInstantFormatter implements Formatter<Instant> {

    @Override
    public Instant parse(String text, Locale locale) {
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new ParameterException("must be an ISO-8601 instant with an offset, e.g. 2026-01-31T12:00:00Z");
        }
        String problem = StrictJson.problem(instant);
        if (problem != null) {
            throw new ParameterException(problem);
        }
        return instant;
    }

    @Override
    public String print(Instant instant, Locale locale) {
        return instant.toString();
    }
}
