package io.modelledger.eval.metric;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.modelledger.contracts.eval.MetricSpec;
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
 * Scores one output against the per-case checks of a suite: each returns a score in [0, 1] and, where a
 * check explains itself (PII types, toxic terms, unsupported sentences, schema errors), a detail.
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

    /** What is wrong with a check's parameters, by parameter name; empty when it can run. */
    public static Map<String, String> problems(MetricSpec spec) {
        Map<String, String> problems = new LinkedHashMap<>();
        Map<String, Object> p = spec.params();
        switch (MetricKind.of(spec.metric()).orElseThrow()) {
            case REGEX -> {
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
            case JSON_SCHEMA -> {
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
            case CONTAINS -> {
                Object values = p.get("values");
                if (values != null && !(values instanceof List<?>)) {
                    problems.put("values", "must be a list of strings");
                }
                Object mode = p.get("mode");
                if (mode != null && !List.of("any", "all").contains(mode)) {
                    problems.put("mode", "must be 'any' or 'all'");
                }
            }
            case DEMOGRAPHIC_PARITY_DIFFERENCE, EQUALIZED_ODDS_DIFFERENCE, DISPARATE_IMPACT_RATIO -> {
                if (!(p.get("attribute") instanceof String)) {
                    problems.put("attribute", "required: the sensitive attribute that splits the cases into groups");
                }
            }
            default -> {
            }
        }
        return problems;
    }

    public Scored score(MetricSpec spec, String output, String expected, String context) {
        Map<String, Object> p = spec.params();
        boolean ignoreCase = Boolean.TRUE.equals(p.get("ignoreCase"));
        String out = output == null ? "" : output;
        return switch (MetricKind.of(spec.metric()).orElseThrow()) {
            case EQUALS -> {
                String a = out.strip();
                String b = expected == null ? "" : expected.strip();
                yield pass(ignoreCase ? a.equalsIgnoreCase(b) : a.equals(b));
            }
            case CONTAINS -> {
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
            case REGEX -> {
                String pattern = (String) p.get("pattern");
                // RE2: linear in the output's length whatever the pattern, so no suite can stall a run (ReDoS)
                com.google.re2j.Pattern compiled = patterns.computeIfAbsent(pattern + "\u0000" + ignoreCase,
                        k -> com.google.re2j.Pattern.compile(pattern, ignoreCase ? com.google.re2j.Pattern.CASE_INSENSITIVE : 0));
                boolean full = "full".equals(p.get("match"));
                yield pass(full ? compiled.matcher(out).matches() : compiled.matcher(out).find());
            }
            case JSON_VALID -> {
                try {
                    JSON.readTree(out);
                    yield pass(!out.isBlank());
                } catch (RuntimeException e) {
                    yield new Scored(0, e.getMessage());
                }
            }
            case JSON_SCHEMA -> {
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
            case LEVENSHTEIN -> {
                String b = expected == null ? "" : expected;
                int longest = Math.max(out.length(), b.length());
                int distance = LevenshteinDistance.getDefaultInstance().apply(out, b);
                yield new Scored(longest == 0 ? 1 : 1 - (double) distance / longest, null);
            }
            case SEMANTIC_SIMILARITY -> {
                float[][] vectors = embeddings.embed(List.of(out, expected == null ? "" : expected));
                yield new Scored(Math.max(0, TextEmbeddings.cosine(vectors[0], vectors[1])), null);
            }
            case GROUNDEDNESS -> {
                var result = Groundedness.of(out, context == null ? "" : context, embeddings,
                                             number(p.get("minOverlap"), 0.6), number(p.get("minSimilarity"), 0.6));
                yield new Scored(result.score(), result.unsupported().isEmpty() ? null : result.unsupported());
            }
            case TOXICITY -> {
                var findings = Toxicity.find(out);
                yield new Scored(findings.isEmpty() ? 0 : 1, findings.isEmpty() ? null : findings);
            }
            case PII -> {
                var findings = Pii.find(out);
                yield new Scored(findings.isEmpty() ? 0 : 1,
                                 findings.isEmpty() ? null : findings.stream().map(Pii.Finding::type).distinct().toList());
            }
            default -> throw new IllegalArgumentException(spec.metric() + " is not a per-case check");
        };
    }

    private static Scored pass(boolean passed) {
        return new Scored(passed ? 1 : 0, null);
    }

    private static double number(Object value, double fallback) {
        return value instanceof Number n ? n.doubleValue() : fallback;
    }
}
