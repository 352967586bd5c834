package io.modelledger.eval.suite.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.modelledger.eval.metric.CaseAssertion;

import java.util.List;
import java.util.Map;

/**
 * One case of a suite: the input (a text, or the variables of a prompt template), what is expected (an
 * output text, a class label or a numeric target), optional retrieval context, sensitive attributes for
 * fairness metrics, and tags. A case may carry its own {@code assertions} (scored by the {@code assertions}
 * metric): it passes when every assertion with a weight passes or, with a {@code threshold}, when the weighted
 * share of passing assertions reaches it.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SuiteCase(String id, String input, Map<String, Object> variables, String expected, String context,
                        Map<String, String> attributes, List<String> tags, List<CaseAssertion> assertions, Double threshold) {

    public SuiteCase {
        variables = variables == null ? Map.of() : variables;
        attributes = attributes == null ? Map.of() : attributes;
        tags = tags == null ? List.of() : tags;
        assertions = assertions == null ? List.of() : assertions;
    }

    public SuiteCase(String id, String input, Map<String, Object> variables, String expected, String context,
                     Map<String, String> attributes, List<String> tags) {
        this(id, input, variables, expected, context, attributes, tags, List.of(), null);
    }
}
