package io.modelledger.eval.run.targets;

import io.modelledger.contracts.prompt.PromptTemplate;
import io.modelledger.eval.run.query.KnownSubjects;
import io.modelledger.eval.suite.api.SuiteCase;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * The {@code openai} target: one {@code /chat/completions} call per case. For a prompt subject the prompt
 * version is rendered with the case's variables (a single-variable prompt takes the case input); for a model
 * subject the case input is the user message.
 */
final class OpenAiChat implements Target {

    private final JsonMapper json;
    private final JsonEndpointCall call;
    private final KnownSubjects.PromptVersion prompt;
    private final String model;
    private final Map<String, Object> parameters;

    /** {@code prompt} is null for a model subject; {@code parameters} are the sampling parameters sent with each call. */
    OpenAiChat(JsonMapper json, JsonEndpointCall call, KnownSubjects.PromptVersion prompt, String model, Map<String, Object> parameters) {
        this.json = json;
        this.call = call;
        this.prompt = prompt;
        this.model = model;
        this.parameters = parameters;
    }

    @Override
    public Answer answer(SuiteCase c) {
        String content;
        if (prompt != null) {
            Map<String, Object> values = c.variables().isEmpty() && prompt.variables().size() == 1 && c.input() != null
                    ? Map.of(prompt.variables().getFirst(), c.input()) : c.variables();
            // a case may carry variables this version does not use (one its assertions read, one an older template had)
            List<String> missing = PromptTemplate.variables(prompt.template()).stream().filter(v -> values.get(v) == null).toList();
            if (!missing.isEmpty()) {
                return Answer.failed("cannot render the prompt: the case has no value for " + missing, 0, 0);
            }
            content = PromptTemplate.render(prompt.template(), values);
        } else {
            content = c.input();
        }
        ObjectNode body = json.createObjectNode();
        if (model != null) {
            body.put("model", model);
        }
        body.putArray("messages").addObject().put("role", "user").put("content", content);
        parameters.forEach((k, v) -> body.set(k, json.valueToTree(v)));
        return call.post(body.toString());
    }
}
