package io.modelledger.contracts.prompt;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt template's {@code {{variable}}} placeholders: which it uses, and the text with values filled in.
 * Rendering is strict: a variable the template uses but the caller did not give, or one the caller gave
 * that the template does not use, is an error naming it.
 */
public final class PromptTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

    private PromptTemplate() {
    }

    /** The variables a template uses, in order of first use. */
    public static List<String> variables(String template) {
        Set<String> found = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return List.copyOf(found);
    }

    /** What is wrong with {@code values} for this template: one message per missing or unknown variable. */
    public static Map<String, String> problems(String template, Map<String, ?> values) {
        Map<String, String> problems = new java.util.LinkedHashMap<>();
        List<String> used = variables(template);
        for (String name : used) {
            if (!values.containsKey(name) || values.get(name) == null) {
                problems.put(name, "missing: the template uses {{" + name + "}}");
            }
        }
        for (String name : values.keySet()) {
            if (!used.contains(name)) {
                problems.put(name, "unknown: the template has no {{" + name + "}}");
            }
        }
        return problems;
    }

    /** The text with the placeholders that have a value filled in, and the others left as they are. */
    public static String fill(String text, Map<String, ?> values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            Object value = values.get(matcher.group(1));
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value == null ? matcher.group() : String.valueOf(value)));
        }
        matcher.appendTail(filled);
        return filled.toString();
    }

    /** The template with every placeholder replaced by its value; call only when {@link #problems} is empty. */
    public static String render(String template, Map<String, ?> values) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder text = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(text, Matcher.quoteReplacement(String.valueOf(values.get(matcher.group(1)))));
        }
        matcher.appendTail(text);
        return text.toString();
    }

    public static List<String> sorted(List<String> names) {
        List<String> copy = new ArrayList<>(names);
        copy.sort(null);
        return copy;
    }
}
