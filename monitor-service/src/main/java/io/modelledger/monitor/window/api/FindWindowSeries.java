package io.modelledger.monitor.window.api;

import java.time.Duration;
import java.time.Instant;

/** The stored windows of one size whose start is in [from, to), oldest first; answered with a list of {@link WindowView}. */
public record FindWindowSeries(String modelName, String environment, Duration size, Instant from, Instant to) {
}
