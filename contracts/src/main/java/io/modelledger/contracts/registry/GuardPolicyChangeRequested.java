package io.modelledger.contracts.registry;

import java.time.Instant;
import java.util.List;

/**
 * An admin asked to change the guard policy of a protected environment. Nothing changes until a different admin approves
 * ({@link GuardPolicyChangeDecided} {@code approved}, then {@link GuardPolicyDefined}); the request lapses at
 * {@code expiresAt}. {@code baseRevision} is the revision the change was asked against.
 */
public record GuardPolicyChangeRequested(String changeId, String subjectKind, String subjectName, String environment, int baseRevision,
                                         List<GuardRule> input, List<GuardRule> output, String requestedBy, Instant expiresAt) {

    public GuardPolicyChangeRequested {
        input = input == null ? List.of() : List.copyOf(input);
        output = output == null ? List.of() : List.copyOf(output);
    }
}
