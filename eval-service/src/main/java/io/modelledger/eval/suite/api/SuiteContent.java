package io.modelledger.eval.suite.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.modelledger.contracts.Sha256;
import io.modelledger.contracts.eval.MetricSpec;
import io.modelledger.checks.Checks;
import io.modelledger.eval.metric.MetricKind;
import io.modelledger.platform.domain.FieldException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a suite version consists of: its cases and metric specs. Its identity is the SHA-256 of its
 * canonical JSON (properties and map keys sorted, empty values left out, no whitespace), so the same
 * content uploaded as JSON, JSONL or CSV has the same identity.
 */
public record SuiteContent(List<MetricSpec> metrics, List<SuiteCase> cases) {

    public static final int MAX_CASES = 100_000;

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .serializationInclusion(JsonInclude.Include.NON_EMPTY)
            .build();

    /** Checks the content and gives cases without an id their position (1-based) as id; throws naming the field at fault. */
    public static SuiteContent validated(List<MetricSpec> metrics, List<SuiteCase> cases) {
        if (cases == null || cases.isEmpty()) {
            throw new FieldException("cases", "a suite needs at least one case");
        }
        if (cases.size() > MAX_CASES) {
            throw new FieldException("cases", "at most " + MAX_CASES + " cases per suite version");
        }
        List<MetricSpec> specs = metrics == null ? List.of() : metrics;
        if (specs.isEmpty()) {
            throw new FieldException("metrics", "a suite needs at least one metric");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            MetricSpec spec = specs.get(i);
            String at = "metrics[" + i + "]";
            if (spec == null || spec.metric() == null || MetricKind.of(spec.metric()).isEmpty()) {
                throw new FieldException(at + ".metric", "unknown metric; known: "
                        + java.util.Arrays.stream(MetricKind.values()).map(MetricKind::id).toList());
            }
            if (!names.add(spec.name())) {
                throw new FieldException(at + ".name", "another metric is already called '" + spec.name() + "'");
            }
            if (spec.comparator() != null && !List.of(MetricSpec.AT_LEAST, MetricSpec.AT_MOST).contains(spec.comparator())) {
                throw new FieldException(at + ".comparator", "must be '>=' or '<='");
            }
            if (spec.threshold() != null && !Double.isFinite(spec.threshold())) {
                throw new FieldException(at + ".threshold", "must be a finite number");
            }
            Map<String, String> problems = Checks.NAMES.contains(spec.metric()) ? Checks.problems(spec.metric(), spec.params())
                    : new java.util.LinkedHashMap<>();
            if (MetricKind.of(spec.metric()).map(k -> k.family() == MetricKind.Family.FAIRNESS).orElse(false)
                    && !(spec.params().get("attribute") instanceof String)) {
                problems.put("attribute", "required: the sensitive attribute that splits the cases into groups");
            }
            if (!problems.isEmpty()) {
                var first = problems.entrySet().iterator().next();
                throw new FieldException(at + ".params." + first.getKey(), first.getValue());
            }
        }
        List<SuiteCase> numbered = new ArrayList<>(cases.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < cases.size(); i++) {
            SuiteCase c = cases.get(i);
            if (c == null) {
                throw new FieldException("cases[" + i + "]", "must be an object");
            }
            String id = c.id() == null || c.id().isBlank() ? String.valueOf(i + 1) : c.id().strip();
            if (id.length() > 200) {
                throw new FieldException("cases[" + i + "].id", "at most 200 characters");
            }
            if (!ids.add(id)) {
                throw new FieldException("cases[" + i + "].id", "duplicate case id '" + id + "'");
            }
            if ((c.input() == null || c.input().isEmpty()) && c.variables().isEmpty()) {
                throw new FieldException("cases[" + i + "].input", "a case needs an input or variables");
            }
            if (c.assertions().size() > io.modelledger.eval.metric.CaseAssertions.MAX_PER_CASE) {
                throw new FieldException("cases[" + i + "].assertions", "at most " + io.modelledger.eval.metric.CaseAssertions.MAX_PER_CASE
                        + " assertions per case");
            }
            for (int a = 0; a < c.assertions().size(); a++) {
                String at = "cases[" + i + "].assertions[" + a + "]";
                if (c.assertions().get(a) == null) {
                    throw new FieldException(at, "must be an object");
                }
                Map<String, String> problems = io.modelledger.eval.metric.CaseAssertions.problems(c.assertions().get(a));
                if (!problems.isEmpty()) {
                    var first = problems.entrySet().iterator().next();
                    throw new FieldException(at + "." + first.getKey(), first.getValue());
                }
            }
            if (c.threshold() != null && !(c.threshold() >= 0 && c.threshold() <= 1)) {
                throw new FieldException("cases[" + i + "].threshold", "must be between 0 and 1: the weighted share of assertions that must pass");
            }
            if (c.threshold() != null && c.assertions().isEmpty()) {
                throw new FieldException("cases[" + i + "].threshold", "applies to the case's assertions, and it has none");
            }
            numbered.add(new SuiteCase(id, c.input(), c.variables(), c.expected(), c.context(), c.attributes(), c.tags(),
                                       c.assertions(), c.threshold()));
        }
        boolean asserted = numbered.stream().anyMatch(c -> !c.assertions().isEmpty());
        boolean judged = specs.stream().anyMatch(s -> MetricKind.ASSERTIONS.id().equals(s.metric()));
        if (asserted && !judged) {
            throw new FieldException("metrics", "cases carry their own assertions: add the 'assertions' metric (threshold 1: every case must pass)");
        }
        if (judged && !asserted) {
            throw new FieldException("metrics", "the 'assertions' metric judges the cases' own assertions, and no case has any");
        }
        return new SuiteContent(List.copyOf(specs), List.copyOf(numbered));
    }

    public String sha256() {
        try {
            return Sha256.hex(CANONICAL.writeValueAsString(this));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
