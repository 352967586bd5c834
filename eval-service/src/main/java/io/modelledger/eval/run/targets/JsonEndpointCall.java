package io.modelledger.eval.run.targets;

import tools.jackson.core.JsonPointer;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;

/**
 * One case's call to a JSON endpoint and the reading of its answer: the output and token counts at JSON
 * pointers, the cost from the price table. Shared by the endpoint targets. A response is read leniently (a
 * third party's duplicate key or trailing content is its own business); only its shape at the pointers matters, and
 * a token count that is not a number an int holds counts as 0.
 */
final class JsonEndpointCall {

    private final EndpointClient client;
    private final URI uri;
    private final String bearer;
    private final JsonPointer output;
    private final JsonPointer promptTokens;
    private final JsonPointer completionTokens;
    private final java.util.function.BiFunction<Integer, Integer, Double> cost;
    private final ObjectReader responses;

    JsonEndpointCall(JsonMapper json, EndpointClient client, URI uri, String bearer, JsonPointer output, JsonPointer promptTokens,
                     JsonPointer completionTokens, java.util.function.BiFunction<Integer, Integer, Double> cost) {
        this.client = client;
        this.uri = uri;
        this.bearer = bearer;
        this.output = output;
        this.promptTokens = promptTokens;
        this.completionTokens = completionTokens;
        this.cost = cost;
        this.responses = json.reader().without(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                             .without(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    Target.Answer post(String body) {
        EndpointClient.Response response;
        try {
            response = client.post(uri, body, bearer);
        } catch (Exception e) {
            return Target.Answer.failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), 0, 0);
        }
        if (response.status() / 100 != 2) {
            return Target.Answer.failed("HTTP " + response.status() + " after " + response.attempts() + " attempt(s)",
                                        response.latencyMs(), response.attempts());
        }
        JsonNode json;
        try {
            json = responses.readTree(response.body());
        } catch (tools.jackson.core.JacksonException e) {
            return Target.Answer.failed("the response is not JSON", response.latencyMs(), response.attempts());
        }
        JsonNode text = json.at(output);
        if (text.isMissingNode() || text.isNull()) {
            return Target.Answer.failed("the response has no output at the configured pointer", response.latencyMs(), response.attempts());
        }
        int in = tokens(json, promptTokens);
        int out = tokens(json, completionTokens);
        return new Target.Answer(text.isString() ? text.asString() : text.toString(), null, in, out, cost.apply(in, out),
                                 response.latencyMs(), response.attempts(), null);
    }

    private static int tokens(JsonNode json, JsonPointer pointer) {
        JsonNode node = pointer == null ? null : json.at(pointer);
        return node == null || !node.isNumber() || !node.canConvertToInt() ? 0 : node.asInt();
    }
}
