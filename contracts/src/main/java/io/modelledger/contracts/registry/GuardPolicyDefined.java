package io.modelledger.contracts.registry;

import java.util.List;

/**
 * The runtime guard's policy for a model or prompt ({@code subjectKind}) in one environment, in force from this event on:
 * the checks its applications' {@code input} (before the model call) and {@code output} (after it) go through. Each
 * definition is a new {@code revision}; in a protected environment every revision after the first was approved by a
 * second admin ({@link GuardPolicyChangeRequested}, {@link GuardPolicyChangeDecided}).
 */
public record GuardPolicyDefined(String subjectKind, String subjectName, String environment, int revision, List<GuardRule> input,
                                 List<GuardRule> output) {

    public GuardPolicyDefined {
        input = input == null ? List.of() : List.copyOf(input);
        output = output == null ? List.of() : List.copyOf(output);
    }
}
