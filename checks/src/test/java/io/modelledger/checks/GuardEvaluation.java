package io.modelledger.checks;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Precision and recall of the guard's checks on the committed labelled sets ({@code src/test/resources/guard}): PII and
 * secrets span by span (a finding counts when it overlaps an expected value of its type), injection and toxicity item by
 * item. Items with an odd number are the development half, on which the default thresholds were chosen; those with an
 * even number are the test half, reported beside it. Run by {@code GuardQualityTest} (floors) and by the guard benchmark.
 */
public final class GuardEvaluation {

    public record Score(String name, long tp, long fp, long fn, long tn) {

        public double precision() {
            return tp + fp == 0 ? Double.NaN : tp / (double) (tp + fp);
        }

        public double recall() {
            return tp + fn == 0 ? Double.NaN : tp / (double) (tp + fn);
        }

        public String line() {
            return String.format(Locale.ROOT, "%-34s precision %.3f  recall %.3f  (tp %d, fp %d, fn %d%s)", name, precision(), recall(), tp,
                                 fp, fn, tn >= 0 ? ", tn " + tn : "");
        }
    }

    public record Item(String id, String text, String label, String category, List<String[]> expected, String note) {

        boolean development() {
            return Integer.parseInt(id.replaceAll("\\D", "")) % 2 == 1;
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private GuardEvaluation() {
    }

    public static List<Item> read(String name) {
        List<Item> items = new ArrayList<>();
        try (var in = GuardEvaluation.class.getResourceAsStream("/guard/" + name);
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = JSON.readTree(line);
                List<String[]> expected = new ArrayList<>();
                if (node.has("expected")) {
                    node.get("expected").forEach(e -> expected.add(new String[] {e.get("type").asString(), e.get("value").asString()}));
                }
                items.add(new Item(node.get("id").asString(), node.get("text").asString(),
                                   node.has("label") ? node.get("label").asString() : null,
                                   node.has("category") ? node.get("category").asString() : null, expected,
                                   node.has("note") ? node.get("note").asString() : null));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return items;
    }

    /** Span-level scores of a check that finds typed spans (pii, secrets), overall and per type. */
    public static Map<String, Score> spans(String check, List<Item> items, Guard guard) {
        Map<String, long[]> counts = new LinkedHashMap<>(); // type → tp, fp, fn
        Guard.Rule rule = new Guard.Rule(check, Guard.LOG, null, null);
        for (Item item : items) {
            List<Guard.Finding> findings = guard.check(List.of(rule), item.text(), null).findings();
            boolean[] matched = new boolean[findings.size()];
            for (String[] expected : item.expected()) {
                int at = item.text().indexOf(expected[1]);
                int end = at + expected[1].length();
                boolean found = false;
                for (int i = 0; i < findings.size(); i++) {
                    Guard.Finding f = findings.get(i);
                    if (f.type().equals(expected[0]) && f.start() < end && at < f.end()) {
                        matched[i] = true;
                        found = true;
                    }
                }
                counts.computeIfAbsent(expected[0], k -> new long[3])[found ? 0 : 2]++;
            }
            for (int i = 0; i < findings.size(); i++) {
                if (!matched[i]) {
                    counts.computeIfAbsent(findings.get(i).type(), k -> new long[3])[1]++;
                }
            }
        }
        Map<String, Score> scores = new LinkedHashMap<>();
        long[] all = new long[3];
        counts.forEach((type, c) -> {
            for (int k = 0; k < 3; k++) {
                all[k] += c[k];
            }
        });
        scores.put(check, new Score(check + " (all types)", all[0], all[1], all[2], -1));
        new java.util.TreeMap<>(counts).forEach((type, c) -> scores.put(type, new Score(check + ": " + type, c[0], c[1], c[2], -1)));
        return scores;
    }

    /** Item-level scores of a yes/no check: {@code positive} is the label of the items it should flag. */
    public static Score items(String name, List<Item> items, String positive, Guard guard, Guard.Rule rule) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long tn = 0;
        for (Item item : items) {
            boolean flagged = !guard.check(List.of(rule), item.text(), null).findings().isEmpty();
            boolean actual = positive.equals(item.label());
            if (flagged && actual) {
                tp++;
            } else if (flagged) {
                fp++;
            } else if (actual) {
                fn++;
            } else {
                tn++;
            }
        }
        return new Score(name, tp, fp, fn, tn);
    }

    public static List<Item> half(List<Item> items, boolean development) {
        return items.stream().filter(i -> i.development() == development).toList();
    }

    /** Every check on both halves, as printed lines. */
    public static List<String> report(Guard guard) {
        List<String> lines = new ArrayList<>();
        List<Item> pii = read("pii-eval.jsonl");
        List<Item> secrets = read("secrets-eval.jsonl");
        List<Item> injection = read("injection-eval.jsonl");
        List<Item> toxicity = read("toxicity-eval.jsonl");
        lines.add("PII (" + pii.size() + " items), span level:");
        spans("pii", pii, guard).values().forEach(s -> lines.add("  " + s.line()));
        lines.add("Secrets (" + secrets.size() + " items), span level:");
        spans("secrets", secrets, guard).values().forEach(s -> lines.add("  " + s.line()));
        for (boolean development : new boolean[] {true, false}) {
            String half = development ? "development half (odd ids)" : "test half (even ids)";
            List<Item> inj = half(injection, development);
            List<Item> tox = half(toxicity, development);
            lines.add("Injection, " + half + ", " + inj.size() + " items:");
            lines.add("  " + items("patterns only", inj, "attack", guard,
                                   new Guard.Rule("injection", Guard.LOG, null, Map.of("similarity", false))).line());
            lines.add("  " + items("patterns + MiniLM similarity", inj, "attack", guard, new Guard.Rule("injection", Guard.LOG, null, null)).line());
            lines.add("Toxicity, " + half + ", " + tox.size() + " items:");
            lines.add("  " + items("lexicon only", tox, "toxic", guard,
                                   new Guard.Rule("toxicity", Guard.LOG, null, Map.of("similarity", false))).line());
            lines.add("  " + items("lexicon + MiniLM exemplars", tox, "toxic", guard, new Guard.Rule("toxicity", Guard.LOG, null, null)).line());
        }
        return lines;
    }

    public static void main(String[] args) {
        report(new Guard(new MiniLmEmbeddings())).forEach(System.out::println);
        System.exit(0);
    }
}
