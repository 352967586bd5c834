package io.modelledger.monitor.guard.api;

import java.time.Instant;

/** The guard's counts for a model or prompt in an environment over {@code [from, to)}, by the 10-second buckets starting in it. */
public record FindGuardActivity(String subjectKind, String subject, String environment, Instant from, Instant to) {

    /** The longest range read at once: a day of 10-second buckets. */
    public static final java.time.Duration MAX_RANGE = java.time.Duration.ofDays(1);
}
