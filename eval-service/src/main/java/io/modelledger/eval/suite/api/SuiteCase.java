package io.modelledger.eval.suite.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * One case of a suite: the input (a text, or the variables of a prompt template), what is expected (an
 * output text, a class label or a numeric target), optional retrieval context, sensitive attributes for
 * fairness metrics, and tags.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SuiteCase(String id, String input, Map<String, Object> variables, String expected, String context,
                        Map<String, String> attributes, List<String> tags) {

    public SuiteCase {
        variables = variables == null ? Map.of() : variables;
        attributes = attributes == null ? Map.of() : attributes;
        tags = tags == null ? List.of() : tags;
    }
}
