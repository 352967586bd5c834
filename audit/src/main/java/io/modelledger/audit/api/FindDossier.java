package io.modelledger.audit.api;

import java.time.Instant;

/** A model's compliance dossier as one HTML page, drawn for {@code by} at {@code at}; answered with an optional HTML string. */
public record FindDossier(String modelName, String by, Instant at) {
}
