package io.modelledger.contracts.registry;

import java.util.List;
import java.util.Map;

/**
 * An immutable prompt version: a template with {@code {{variable}}} placeholders, the variables it declares
 * (exactly those it uses), the model it is written for and its parameters (temperature, max tokens, …).
 */
public record PromptVersionRegistered(String promptName, int version, String template, List<String> variables,
                                      String targetProvider, String targetModel, Map<String, Object> parameters,
                                      String commitMessage) {

    public PromptVersionRegistered {
        variables = variables == null ? List.of() : List.copyOf(variables);
        parameters = parameters == null ? Map.of() : parameters;
    }
}
