package io.modelledger.checks;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.apache.commons.text.similarity.LevenshteinDistance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores one output with a named check and its parameters: each returns a score in [0, 1] and, where a
 * check explains itself (PII types, toxic terms, unsupported sentences, schema errors), a detail. The
 * same checks score an evaluation suite's cases (eval-service) and sampled live outputs (monitor-service's
 * online scoring). Toxicity and PII score 1 when the output is flagged; the others score 1 when it passes.
 */
public final class Checks {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    /** Reads the first JSON value of a text and leaves what follows it (prose after an embedded object). */
    private static final ObjectMapper FIRST_VALUE = JsonMapper.builder()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    /** JSON Schema {@code pattern}s are user input too: RE2/J, linear time (a {@code pattern} is unanchored: find). */
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(com.networknt.schema.SchemaRegistryConfig.builder()
                    .regularExpressionFactory(regex -> {
                        com.google.re2j.Pattern compiled = com.google.re2j.Pattern.compile(regex);
                        return value -> compiled.matcher(value).find();
                    }).build()));

    public record Scored(double score, Object detail) {
    }

    private final TextEmbeddings embeddings;
    /** Compiled user patterns, the most recently used {@value #MAX_PATTERNS} (a suite cannot grow it without bound). */
    private final Map<String, com.google.re2j.Pattern> patterns;
    static final int MAX_PATTERNS = 1_024;
    /** Compiled schemas, the most recently used {@value #MAX_PATTERNS}: per-case assertions bring their own. */
    private final Map<String, Schema> schemas;

    public Checks(TextEmbeddings embeddings) {
        this(embeddings, recentlyUsed(), recentlyUsed());
    }

    private Checks(TextEmbeddings embeddings, Map<String, com.google.re2j.Pattern> patterns, Map<String, Schema> schemas) {
        this.embeddings = embeddings;
        this.patterns = patterns;
        this.schemas = schemas;
    }

    private static <V> Map<String, V> recentlyUsed() {
        return java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_PATTERNS;
            }
        });
    }

    /** The same checks, sharing their compiled patterns and schemas, with other embeddings (a suite version's stored vectors first). */
    public Checks using(TextEmbeddings other) {
        return new Checks(other, patterns, schemas);
    }

    /** The checks, by the name suites and monitoring policies use. */
    public static final java.util.Set<String> NAMES = java.util.Set.of("equals", "contains", "starts_with", "regex", "json_valid",
            "json_schema", "contains_json", "levenshtein", "semantic_similarity", "groundedness", "toxicity", "pii");

    /**
     * Checks whose score is a plain pass (1) or fail (0), so {@code negate: true} turns one into its opposite
     * ({@code levenshtein} too when it has a {@code maxDistance}).
     */
    static final java.util.Set<String> PASS_FAIL = java.util.Set.of("equals", "contains", "starts_with", "regex", "json_valid",
            "json_schema", "contains_json");

    /** Whether the check, with these parameters, scores pass (1) or fail (0) rather than a degree. */
    public static boolean passFail(String check, Map<String, Object> params) {
        return PASS_FAIL.contains(check) || ("levenshtein".equals(check) && params != null && params.get("maxDistance") != null);
    }

    /** What is wrong with a check's parameters, by parameter name; empty when it can run. */
    public static Map<String, String> problems(String check, Map<String, Object> params) {
        Map<String, String> problems = new LinkedHashMap<>();
        Map<String, Object> p = params == null ? Map.of() : params;
        Object negate = p.get("negate");
        if (negate != null && !(negate instanceof Boolean)) {
            problems.put("negate", "must be true or false");
        } else if (Boolean.TRUE.equals(negate) && !passFail(check, p)) {
            problems.put("negate", "only a pass/fail check can be negated (" + String.join(", ", new java.util.TreeSet<>(PASS_FAIL))
                    + ", levenshtein with a maxDistance); " + check + " scores a degree: give a threshold instead");
        }
        switch (check) {
            case "levenshtein" -> {
                Object max = p.get("maxDistance");
                if (max != null && !(max instanceof Integer || max instanceof Long) || max instanceof Number n && n.longValue() < 0) {
                    problems.put("maxDistance", "must be a whole number of edits, 0 or more");
                }
            }
            case "contains_json" -> {
                if (p.get("schema") != null && !(p.get("schema") instanceof Map<?, ?>)) {
                    problems.put("schema", "must be a JSON Schema (draft 2020-12) object");
                } else if (p.get("schema") != null) {
                    schemaProblem(p.get("schema"), problems);
                }
            }
            case "regex" -> {
                if (!(p.get("pattern") instanceof String pattern)) {
                    problems.put("pattern", "required: the regular expression outputs must match");
                } else {
                    try {
                        com.google.re2j.Pattern.compile(pattern);
                    } catch (com.google.re2j.PatternSyntaxException e) {
                        problems.put("pattern", "not a valid (RE2) regular expression: " + e.getDescription()
                                + " (back-references and look-around are not supported: every pattern runs in linear time)");
                    }
                }
            }
            case "json_schema" -> {
                if (!(p.get("schema") instanceof Map<?, ?>)) {
                    problems.put("schema", "required: a JSON Schema (draft 2020-12) object");
                } else {
                    schemaProblem(p.get("schema"), problems);
                }
            }
            case "contains" -> {
                Object values = p.get("values");
                if (values != null && !(values instanceof List<?>)) {
                    problems.put("values", "must be a list of strings");
                }
                Object mode = p.get("mode");
                if (mode != null && !List.of("any", "all").contains(mode)) {
                    problems.put("mode", "must be 'any' or 'all'");
                }
            }
            default -> {
            }
        }
        return problems;
    }

    private static void schemaProblem(Object schema, Map<String, String> problems) {
        try {
            SCHEMAS.getSchema(JSON.valueToTree(schema));
        } catch (RuntimeException e) {
            problems.put("schema", "not a valid JSON Schema: " + e.getMessage());
        }
    }

    /** The check's score; with {@code negate: true} (pass/fail checks only) a pass becomes a fail and the reverse. */
    public Scored score(String check, Map<String, Object> params, String output, String expected, String context) {
        Scored scored = scoreAsGiven(check, params, output, expected, context);
        if (params != null && Boolean.TRUE.equals(params.get("negate")) && passFail(check, params)) {
            return new Scored(1 - scored.score(), scored.score() == 1 ? "matched, and the check is negated" : null);
        }
        return scored;
    }

    private Scored scoreAsGiven(String check, Map<String, Object> params, String output, String expected, String context) {
        Map<String, Object> p = params == null ? Map.of() : params;
        boolean ignoreCase = Boolean.TRUE.equals(p.get("ignoreCase"));
        String out = output == null ? "" : output;
        return switch (check) {
            case "equals" -> {
                String a = out.strip();
                String b = expected == null ? "" : expected.strip();
                yield pass(ignoreCase ? a.equalsIgnoreCase(b) : a.equals(b));
            }
            case "contains" -> {
                List<String> values = new ArrayList<>();
                if (p.get("values") instanceof List<?> list) {
                    list.forEach(v -> values.add(String.valueOf(v)));
                } else if (expected != null) {
                    values.add(expected);
                }
                String haystack = ignoreCase ? out.toLowerCase(Locale.ROOT) : out;
                var found = values.stream().map(v -> haystack.contains(ignoreCase ? v.toLowerCase(Locale.ROOT) : v));
                yield pass("all".equals(p.get("mode")) ? found.allMatch(b -> b) : found.anyMatch(b -> b));
            }
            case "starts_with" -> {
                String prefix = expected == null ? "" : expected;
                yield pass(out.regionMatches(ignoreCase, 0, prefix, 0, prefix.length()));
            }
            case "regex" -> {
                String pattern = (String) p.get("pattern");
                // RE2: linear in the output's length whatever the pattern, so no suite can stall a run (ReDoS)
                com.google.re2j.Pattern compiled = patterns.computeIfAbsent(pattern + "\u0000" + ignoreCase,
                        k -> com.google.re2j.Pattern.compile(pattern, ignoreCase ? com.google.re2j.Pattern.CASE_INSENSITIVE : 0));
                boolean full = "full".equals(p.get("match"));
                yield pass(full ? compiled.matcher(out).matches() : compiled.matcher(out).find());
            }
            case "json_valid" -> {
                try {
                    JSON.readTree(out);
                    yield pass(!out.isBlank());
                } catch (RuntimeException e) {
                    yield new Scored(0, e.getMessage());
                }
            }
            case "json_schema" -> {
                JsonNode node;
                try {
                    node = JSON.readTree(out);
                } catch (RuntimeException e) {
                    yield new Scored(0, "not JSON: " + e.getMessage());
                }
                yield validated(node, p.get("schema"));
            }
            case "contains_json" -> {
                List<JsonNode> found = embeddedJson(out);
                if (found.isEmpty()) {
                    yield new Scored(0, "no JSON object or array in the output");
                }
                if (p.get("schema") == null) {
                    yield pass(true);
                }
                Scored last = null;
                for (JsonNode node : found) {
                    last = validated(node, p.get("schema"));
                    if (last.score() == 1) {
                        yield last;
                    }
                }
                yield last;
            }
            case "levenshtein" -> {
                String b = expected == null ? "" : expected;
                int distance = LevenshteinDistance.getDefaultInstance().apply(out, b);
                if (p.get("maxDistance") instanceof Number max) {
                    yield distance <= max.longValue() ? pass(true) : new Scored(0, distance + " edits (at most " + max + ")");
                }
                int longest = Math.max(out.length(), b.length());
                yield new Scored(longest == 0 ? 1 : 1 - (double) distance / longest, null);
            }
            case "semantic_similarity" -> {
                float[][] vectors = embeddings.embed(List.of(out, expected == null ? "" : expected));
                yield new Scored(Math.max(0, TextEmbeddings.cosine(vectors[0], vectors[1])), null);
            }
            case "groundedness" -> {
                var result = Groundedness.of(out, context == null ? "" : context, embeddings,
                                             number(p.get("minOverlap"), 0.6), number(p.get("minSimilarity"), 0.6));
                yield new Scored(result.score(), result.unsupported().isEmpty() ? null : result.unsupported());
            }
            case "toxicity" -> {
                var findings = Toxicity.find(out);
                yield new Scored(findings.isEmpty() ? 0 : 1, findings.isEmpty() ? null : findings);
            }
            case "pii" -> {
                var findings = Pii.find(out);
                yield new Scored(findings.isEmpty() ? 0 : 1,
                                 findings.isEmpty() ? null : findings.stream().map(Pii.Finding::type).distinct().toList());
            }
            default -> throw new IllegalArgumentException(check + " is not a per-output check");
        };
    }

    private Scored validated(JsonNode node, Object schemaSpec) {
        Schema schema = schemas.computeIfAbsent(String.valueOf(schemaSpec), k -> SCHEMAS.getSchema(JSON.valueToTree(schemaSpec)));
        var errors = schema.validate(node);
        return errors.isEmpty() ? pass(true) : new Scored(0, errors.stream().map(Object::toString).limit(5).toList());
    }

    /** At most this many places where a JSON value could start are tried, so a long output cannot make the check quadratic. */
    static final int MAX_JSON_STARTS = 32;

    /** The JSON objects and arrays embedded in a text (prose around them, a Markdown fence), in order. */
    static List<JsonNode> embeddedJson(String text) {
        List<JsonNode> found = new ArrayList<>();
        int tried = 0;
        for (int i = 0; i < text.length() && tried < MAX_JSON_STARTS; i++) {
            char c = text.charAt(i);
            if (c != '{' && c != '[') {
                continue;
            }
            tried++;
            try (tools.jackson.core.JsonParser parser = FIRST_VALUE.createParser(text.substring(i))) {
                JsonNode node = FIRST_VALUE.readTree(parser);
                if (node != null && node.isContainer()) {
                    found.add(node);
                    i += (int) parser.currentLocation().getCharOffset() - 1;
                }
            } catch (RuntimeException notJsonHere) {
                // try the next bracket
            }
        }
        return found;
    }

    private static Scored pass(boolean passed) {
        return new Scored(passed ? 1 : 0, null);
    }

    private static double number(Object value, double fallback) {
        return value instanceof Number n ? n.doubleValue() : fallback;
    }
}
