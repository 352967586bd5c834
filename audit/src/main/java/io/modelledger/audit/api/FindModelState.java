package io.modelledger.audit.api;

import java.time.Instant;

/** A model as it was at {@code at}; answered with an optional {@link ModelState}, empty when the trail knows no such model. */
public record FindModelState(String modelName, Instant at) {
}
