package io.modelledger.monitor.guard.api;

/** The most recent blocks of a model or prompt in an environment, newest first; their kept text only {@code withText}. */
public record FindGuardBlocks(String subjectKind, String subject, String environment, int limit, boolean withText) {
}
