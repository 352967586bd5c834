package io.modelledger.monitor.guard.api;

import java.util.List;

/**
 * The guard's answer: {@code allow}, {@code redact} (use {@code text}, which has the redacted spans replaced by their type)
 * or {@code block} ({@code text} is null); every finding with where it is, its score and the action it took; and the policy
 * revision that decided.
 */
public record GuardDecision(String decision, String text, List<Finding> findings, int policyRevision) {

    public record Span(int start, int end) {
    }

    /** {@code field} is {@code text} or {@code context}; the matched characters are never echoed, only their span. */
    public record Finding(String check, String type, String field, Span span, double score, String action) {
    }
}
