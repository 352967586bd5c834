package io.modelledger.monitor.guard.api;

/** The guard policy the guard enforces for a model or prompt in an environment. */
public record FindGuardPolicy(String subjectKind, String subject, String environment) {
}
