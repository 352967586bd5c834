package io.modelledger.monitor.guard.api;

import io.modelledger.contracts.registry.GuardRule;

import java.time.Instant;
import java.util.List;

/** A guard policy as the guard holds it: its revision, since when, and its rules per stage. */
public record GuardPolicyView(String subjectKind, String subject, String environment, int revision, Instant definedAt,
                              List<GuardRule> input, List<GuardRule> output) {
}
