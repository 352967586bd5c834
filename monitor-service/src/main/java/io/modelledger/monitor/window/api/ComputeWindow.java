package io.modelledger.monitor.window.api;

import java.time.Instant;

/** The window metrics of [from, to), computed now (not stored, no alerts); answered with an optional {@link WindowView}, empty when the model was never deployed there. */
public record ComputeWindow(String modelName, String environment, Instant from, Instant to) {
}
