package io.modelledger.registry.prompt.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;
import java.util.Map;

public final class PromptCommands {

    private PromptCommands() {
    }

    /** Identifies a Prompt aggregate; the string form is unique across all aggregates of the store. */
    public record PromptId(String name) {
        @Override
        public String toString() {
            return "prompt:" + name;
        }
    }

    public record RegisterPrompt(@TargetAggregateIdentifier PromptId promptId, String description, Map<String, String> tags) {
    }

    public record RegisterPromptVersion(@TargetAggregateIdentifier PromptId promptId, String template, List<String> variables,
                                        String targetProvider, String targetModel, Map<String, Object> parameters,
                                        String commitMessage) {
    }

    public record AssignPromptAlias(@TargetAggregateIdentifier PromptId promptId, String alias, int version) {
    }
}
