package io.modelledger.eval.pending.api;

import java.time.Instant;

/** A model version the evaluation service knows about and what it still owes it. */
public record PendingEvaluationView(String modelName, int version, String sha256, String status,
                                    Instant registeredAt, String registeredBy) {
}
