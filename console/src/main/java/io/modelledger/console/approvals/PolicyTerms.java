package io.modelledger.console.approvals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A policy change's terms in words, one row per term, beside the policy in force where the registry shows it (a model's
 * promotion policy): what an admin reads before approving a change of the rules everyone else is held to.
 */
final class PolicyTerms {

    /** One term: its name, what holds now ({@code null} when not shown), what the change asks, and whether they differ. */
    record Row(String term, String now, String asked, boolean changed) {
    }

    private PolicyTerms() {
    }

    static List<Row> rows(Object policy, Map<String, Object> terms, Map<String, Object> current) {
        return "guard".equals(policy) ? guardRows(terms) : promotionRows(terms, current);
    }

    @SuppressWarnings("unchecked")
    private static List<Row> promotionRows(Map<String, Object> asked, Map<String, Object> now) {
        List<Row> rows = new ArrayList<>();
        add(rows, now, "Approvals needed", "requiredApprovals", asked.get("requiredApprovals"), String::valueOf);
        add(rows, now, "Never by the requester", "forbidSelfApproval", asked.get("forbidSelfApproval"), PolicyTerms::yesNo);
        add(rows, now, "Open critical alerts block", "blockOnCriticalAlerts", asked.get("blockOnCriticalAlerts"), PolicyTerms::yesNo);
        add(rows, now, "A request lapses after", "requestTtlSeconds", asked.get("requestTtlSeconds"), PolicyTerms::duration);
        String suitesAsked = suites(asked.get("requirements"));
        if (now == null) {
            rows.add(new Row("Evaluation suites", null, suitesAsked, false));
        } else if (now.get("requirements") instanceof List<?>) {
            // each suite's pinned version, minimum cases, error rate and what counts: a weaker term under the same name shows
            String suitesNow = suites(now.get("requirements"));
            rows.add(new Row("Evaluation suites", suitesNow, suitesAsked, !suitesNow.equals(suitesAsked)));
        } else {
            // a policy projected before the registry kept its suites' terms: only names to show, so never "unchanged"
            String names = now.get("requiredSuites") instanceof List<?> list && !list.isEmpty()
                    ? String.join(", ", list.stream().map(String::valueOf).toList()) + " (their terms not shown)" : "none";
            rows.add(new Row("Evaluation suites", names, suitesAsked, true));
        }
        add(rows, now, "Canary analysis", "canary", asked.get("canary"), PolicyTerms::canary);
        add(rows, now, "Largest canary share", "maxCanaryPercent", asked.get("maxCanaryPercent"), v -> v == null ? "—" : v + " %");
        return rows;
    }

    private static void add(List<Row> rows, Map<String, Object> now, String term, String key, Object asked,
                            java.util.function.Function<Object, String> words) {
        String before = now == null ? null : words.apply(now.get(key));
        String after = words.apply(asked);
        rows.add(new Row(term, before, after, before != null && !before.equals(after)));
    }

    @SuppressWarnings("unchecked")
    private static List<Row> guardRows(Map<String, Object> terms) {
        List<Row> rows = new ArrayList<>();
        for (String stage : List.of("input", "output")) {
            List<Map<String, Object>> rules = terms.get(stage) instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
            if (rules.isEmpty()) {
                rows.add(new Row(stage + " checks", null, "none", false));
            }
            for (Map<String, Object> rule : rules) {
                String params = rule.get("params") instanceof Map<?, ?> p && !p.isEmpty() ? " " + p : "";
                rows.add(new Row(stage + ": " + rule.get("check"), null, rule.get("action")
                        + (rule.get("threshold") != null ? " at ≥ " + rule.get("threshold") : "") + params, false));
            }
        }
        return rows;
    }

    @SuppressWarnings("unchecked")
    private static String suites(Object requirements) {
        List<Map<String, Object>> list = requirements instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
        return list.isEmpty() ? "none" : list.stream().map(PolicyTerms::requirement).sorted().collect(Collectors.joining("; "));
    }

    private static String requirement(Map<String, Object> r) {
        String sha = r.get("suiteSha256") instanceof String s && s.length() >= 12 ? s.substring(0, 12) + "…" : String.valueOf(r.get("suiteSha256"));
        return r.get("suite") + " (version " + sha + ", at least " + r.get("minCases") + " cases, at most "
               + percent(r.get("maxErrorRate")) + " failed" + (Boolean.FALSE.equals(r.get("independent")) ? "" : ", run by someone else")
               + (Boolean.TRUE.equals(r.get("allowPredictions")) ? ", uploaded predictions count" : ", against the serving endpoint") + ")";
    }

    private static String percent(Object rate) {
        return rate instanceof Number n ? String.format(java.util.Locale.ROOT, "%.4g %%", n.doubleValue() * 100).replaceAll("\\.?0+ %", " %") : "—";
    }

    @SuppressWarnings("unchecked")
    private static String canary(Object canary) {
        if (!(canary instanceof Map<?, ?> c)) {
            return "not required";
        }
        Map<String, Object> m = (Map<String, Object>) c;
        return "passed in " + m.get("environment") + " on at least " + m.get("minRecords") + " records";
    }

    private static String yesNo(Object value) {
        return Boolean.TRUE.equals(value) ? "yes" : "no";
    }

    private static String duration(Object seconds) {
        return seconds instanceof Number n ? Duration.ofSeconds(n.longValue()).toString().substring(2).toLowerCase(java.util.Locale.ROOT) : "—";
    }
}
