package io.modelledger.eval.run.targets;

import io.modelledger.eval.suite.api.SuiteCase;
import tools.jackson.core.io.JsonStringEncoder;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code http} target: the request template with {@code {{input}}}, {@code {{id}}} and
 * {@code {{var.<name>}}} replaced by the case's values, each JSON-escaped, POSTed once per case.
 */
final class HttpJsonEndpoint implements Target {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(input|id|var\\.[A-Za-z_][A-Za-z0-9_]*)\\s*}}");

    private final JsonEndpointCall call;
    private final String template;

    HttpJsonEndpoint(JsonEndpointCall call, String template) {
        this.call = call;
        this.template = template;
    }

    @Override
    public Answer answer(SuiteCase c) {
        return call.post(render(template, c));
    }

    static String render(String template, SuiteCase c) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder body = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            Object value = name.equals("input") ? c.input() : name.equals("id") ? c.id() : c.variables().get(name.substring(4));
            StringBuilder escaped = new StringBuilder();
            if (value != null) {
                JsonStringEncoder.getInstance().quoteAsString(String.valueOf(value), escaped);
            }
            matcher.appendReplacement(body, Matcher.quoteReplacement(escaped.toString()));
        }
        matcher.appendTail(body);
        return body.toString();
    }
}
