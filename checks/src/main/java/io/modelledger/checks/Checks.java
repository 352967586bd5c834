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
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scores one output with a named check and its parameters: each returns a score in [0, 1] and, where a
 * check explains itself (PII types, toxic terms, unsupported sentences, schema errors), a detail. The
 * same checks score an evaluation suite's cases (eval-service) and sampled live outputs (monitor-service's
 * online scoring). Toxicity and PII score 1 when the output is flagged; the others score 1 when it passes.
 */
public final class Checks {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
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
    private final Map<String, com.google.re2j.Pattern> patterns = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, com.google.re2j.Pattern> eldest) {
                    return size() > MAX_PATTERNS;
                }
            });
    static final int MAX_PATTERNS = 1_024;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    public Checks(TextEmbeddings embeddings) {
        this.embeddings = embeddings;
    }

    /** The checks, by the name suites and monitoring policies use. */
    public static final java.util.Set<String> NAMES = java.util.Set.of("equals", "contains", "regex", "json_valid", "json_schema",
            "levenshtein", "semantic_similarity", "groundedness", "toxicity", "pii");

    /** What is wrong with a check's parameters, by parameter name; empty when it can run. */
    public static Map<String, String> problems(String check, Map<String, Object> params) {
        Map<String, String> problems = new LinkedHashMap<>();
        Map<String, Object> p = params == null ? Map.of() : params;
        switch (check) {
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
                    try {
                        SCHEMAS.getSchema(JSON.valueToTree(p.get("schema")));
                    } catch (RuntimeException e) {
                        problems.put("schema", "not a valid JSON Schema: " + e.getMessage());
                    }
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

    public Scored score(String check, Map<String, Object> params, String output, String expected, String context) {
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
                Schema schema = schemas.computeIfAbsent(String.valueOf(p.get("schema")),
                        k -> SCHEMAS.getSchema(JSON.valueToTree(p.get("schema"))));
                var errors = schema.validate(node);
                yield errors.isEmpty() ? pass(true) : new Scored(0, errors.stream().map(Object::toString).limit(5).toList());
            }
            case "levenshtein" -> {
                String b = expected == null ? "" : expected;
                int longest = Math.max(out.length(), b.length());
                int distance = LevenshteinDistance.getDefaultInstance().apply(out, b);
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

    private static Scored pass(boolean passed) {
        return new Scored(passed ? 1 : 0, null);
    }

    private static double number(Object value, double fallback) {
        return value instanceof Number n ? n.doubleValue() : fallback;
    }
}
