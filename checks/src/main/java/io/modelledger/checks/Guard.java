package io.modelledger.checks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runtime guard: runs a stage's rules over one text (and, for injection, over the retrieved context beside it) and
 * decides {@code allow}, {@code redact} or {@code block}. A rule names a check, the action its findings take and, for
 * the checks that score, the threshold a finding must reach:
 * <ul>
 *   <li>{@code pii}, {@code secrets}: by pattern and checksum ({@link Pii}, {@link Secrets}); {@code params.types} narrows
 *       them; redactable, each span replaced by its type ({@code [PAYMENT_CARD]});</li>
 *   <li>{@code injection}: {@link Injection}'s patterns, and each chunk's nearest examples by MiniLM similarity: attacks
 *       when its nearest known attacks (a cited corpus, {@code guard/injection-corpus.tsv}) are closer than its nearest
 *       ordinary texts ({@code guard/injection-benign.tsv}) by the threshold (a margin of cosine similarity);</li>
 *   <li>{@code toxicity}: {@link Toxicity}'s lexicon, and each chunk's nearest labelled exemplars
 *       ({@code guard/toxicity-exemplars.tsv}): toxic when its toxic neighbours are closer than its civil ones by the
 *       threshold;</li>
 *   <li>{@code json_schema}: the text must be JSON valid against {@code params.schema};</li>
 *   <li>{@code deny_list}: {@code params.keywords}, whole words and phrases (redactable), and {@code params.topics},
 *       each chunk's similarity to a topic's description.</li>
 * </ul>
 * The embedding-based halves ({@code params.similarity}, default on) embed the text once, chunk by chunk, for all the
 * rules of the stage. Findings never carry the matched text, only its span.
 */
public final class Guard {

    public static final String ALLOW = "allow";
    public static final String REDACT = "redact";
    public static final String BLOCK = "block";
    /** A finding that is counted and reported, and changes nothing. */
    public static final String LOG = "log";

    /** The checks and the actions each may take. */
    public static final Map<String, Set<String>> ACTIONS = Map.of(
            "pii", Set.of(BLOCK, REDACT, LOG),
            "secrets", Set.of(BLOCK, REDACT, LOG),
            "injection", Set.of(BLOCK, LOG),
            "toxicity", Set.of(BLOCK, LOG),
            "json_schema", Set.of(BLOCK, LOG),
            "deny_list", Set.of(BLOCK, REDACT, LOG));

    /** The parameters each check reads. */
    static final Map<String, Set<String>> PARAMS = Map.of(
            "pii", Set.of("types"), "secrets", Set.of("types"), "injection", Set.of("similarity"), "toxicity", Set.of("similarity"),
            "json_schema", Set.of("schema"), "deny_list", Set.of("keywords", "topics"));

    /** Default thresholds of the injection and toxicity margins, chosen on the development half of their labelled sets (docs/metrics.md). */
    public static final double INJECTION_MARGIN = 0.0;
    public static final double TOXICITY_MARGIN = 0.10;
    /** Not measured on a labelled set: MiniLM put on-topic questions at 0.17–0.37 from a topic description, others near 0. */
    public static final double TOPIC_SIMILARITY = 0.2;
    /** The chunks of the text, and of the context, that the embedding halves read at most. */
    static final int MAX_TEXT_CHUNKS = 32;
    static final int MAX_CONTEXT_CHUNKS = 16;
    /** How long the pattern checks of one text may take in all (the JDK's regex engine; see {@link TimeBoxed}). */
    static final long SCAN_BUDGET_NANOS = 250_000_000L;
    static final int CHUNK_WORDS = 48;
    static final int MAX_KEYWORDS = 500;
    static final int MAX_TOPICS = 20;

    public record Rule(String check, String action, Double threshold, Map<String, Object> params) {

        public Rule {
            params = params == null ? Map.of() : Map.copyOf(params);
        }

        boolean similarity() {
            return !Boolean.FALSE.equals(params.get("similarity"));
        }
    }

    /** Where a finding is: {@code field} is {@code text} or {@code context}; the span is in that field's characters. */
    public record Finding(String check, String type, String field, int start, int end, double score, String action) {
    }

    /** The decision, the text as the caller may use it (redacted when so decided) and every finding. */
    public record Result(String decision, String text, List<Finding> findings) {
    }

    private final TextEmbeddings embeddings;
    private final ExemplarIndex attacks;
    private final ExemplarIndex toxic;
    private final Checks checks;
    private final Map<List<String>, Keywords> keywordSets = new ConcurrentHashMap<>();

    public Guard(TextEmbeddings embeddings) {
        this.embeddings = embeddings;
        List<ExemplarIndex.Example> injection = new ArrayList<>(ExemplarIndex.read("/guard/injection-corpus.tsv", "attack"));
        injection.addAll(ExemplarIndex.read("/guard/injection-benign.tsv"));
        this.attacks = new ExemplarIndex(injection, embeddings);
        this.toxic = new ExemplarIndex(ExemplarIndex.read("/guard/toxicity-exemplars.tsv"), embeddings);
        this.checks = new Checks(embeddings);
    }

    /** Loads the embedding model and embeds the example sets (idempotent): a policy that needs them calls this ahead of traffic. */
    public void warmUp() {
        attacks.warmUp();
        toxic.warmUp();
    }

    /** What is wrong with a stage's rules, by field ({@code [0].action}); empty when they can run. */
    public static Map<String, String> problems(List<Rule> rules, String stage) {
        Map<String, String> problems = new LinkedHashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            String at = "[" + i + "].";
            Set<String> actions = rule.check() == null ? null : ACTIONS.get(rule.check());
            if (actions == null) {
                problems.put(at + "check", "must be one of " + new java.util.TreeSet<>(ACTIONS.keySet()));
                continue;
            }
            if (rule.action() == null || !actions.contains(rule.action())) {
                problems.put(at + "action", "the " + rule.check() + " check can " + new java.util.TreeSet<>(actions));
            }
            Set<String> known = PARAMS.get(rule.check());
            if (!known.containsAll(rule.params().keySet())) {
                problems.put(at + "params", "the " + rule.check() + " check takes " + (known.isEmpty() ? "no parameters" : known));
            }
            Object similarity = rule.params().get("similarity");
            if (similarity != null && !(similarity instanceof Boolean)) {
                problems.put(at + "params.similarity", "must be true or false");
            }
            if (rule.threshold() != null && !(rule.threshold() >= 0 && rule.threshold() <= 1)) {
                problems.put(at + "threshold", "must be between 0 and 1");
            }
            if (rule.check().equals("json_schema")) {
                if (!"output".equals(stage)) {
                    problems.put(at + "check", "json_schema checks structured outputs: use it at the output stage");
                }
                Checks.problems("json_schema", rule.params()).forEach((field, problem) -> problems.put(at + "params." + field, problem));
            }
            if (rule.check().equals("deny_list")) {
                Object keywords = rule.params().get("keywords");
                Object topics = rule.params().get("topics");
                if (keywords == null && topics == null) {
                    problems.put(at + "params", "a deny list needs keywords or topics (lists of strings)");
                }
                strings(keywords, MAX_KEYWORDS, 200, at + "params.keywords", problems);
                strings(topics, MAX_TOPICS, 500, at + "params.topics", problems);
                if (REDACT.equals(rule.action()) && topics != null) {
                    problems.put(at + "action", "a topic has no span to redact: block or log a deny list with topics");
                }
            }
            if (rule.check().equals("pii") || rule.check().equals("secrets")) {
                strings(rule.params().get("types"), 50, 40, at + "params.types", problems);
                Set<String> findable = rule.check().equals("pii") ? Pii.TYPES : Secrets.TYPES;
                if (rule.params().get("types") instanceof List<?> types && !findable.containsAll(types)) {
                    problems.put(at + "params.types", "the " + rule.check() + " check finds " + new java.util.TreeSet<>(findable));
                }
            }
        }
        return problems;
    }

    private static void strings(Object value, int max, int maxLength, String field, Map<String, String> problems) {
        if (value == null) {
            return;
        }
        if (!(value instanceof List<?> list) || list.isEmpty() || list.size() > max
                || list.stream().anyMatch(v -> !(v instanceof String s) || s.isBlank() || s.length() > maxLength)) {
            problems.put(field, "must be a list of 1 to " + max + " non-blank strings of at most " + maxLength + " characters");
        }
    }

    public Result check(List<Rule> rules, String text, String context) {
        String body = text == null ? "" : text;
        String retrieved = context == null ? "" : context;
        List<Finding> findings = new ArrayList<>();
        long deadline = System.nanoTime() + SCAN_BUDGET_NANOS;
        Chunks chunks = null;
        for (Rule rule : rules) {
            String action = rule.action();
            switch (rule.check()) {
                case "pii" -> {
                    List<?> types = rule.params().get("types") instanceof List<?> l ? l : null;
                    try {
                        for (Pii.Finding f : Pii.find(body, deadline)) {
                            if (types == null || types.contains(f.type())) {
                                findings.add(new Finding("pii", f.type(), "text", f.start(), f.end(), 1, action));
                            }
                        }
                    } catch (TimeBoxed.Exceeded e) {
                        findings.add(timedOut("pii", body, action));
                    }
                }
                case "secrets" -> {
                    List<?> types = rule.params().get("types") instanceof List<?> l ? l : null;
                    try {
                        for (Secrets.Finding f : Secrets.find(body, deadline)) {
                            if (types == null || types.contains(f.type())) {
                                findings.add(new Finding("secrets", f.type(), "text", f.start(), f.end(), 1, action));
                            }
                        }
                    } catch (TimeBoxed.Exceeded e) {
                        findings.add(timedOut("secrets", body, action));
                    }
                }
                case "injection" -> {
                    boolean matched = false;
                    for (String field : List.of("text", "context")) {
                        for (Injection.Finding f : Injection.find(field.equals("text") ? body : retrieved)) {
                            findings.add(new Finding("injection", f.type(), field, f.start(), f.end(), 1, action));
                            matched = true;
                        }
                    }
                    if (!matched && rule.similarity()) {
                        chunks = chunks == null ? embed(body, retrieved) : chunks;
                        double threshold = rule.threshold() == null ? INJECTION_MARGIN : rule.threshold();
                        Scored best = best(chunks, v -> margin(attacks.nearest(v, 3), "attack", "benign"));
                        if (best != null && best.score() >= threshold) {
                            findings.add(new Finding("injection", "similar_to_known_attack", best.field(), best.start(), best.end(),
                                                     round(best.score()), action));
                        }
                    }
                }
                case "toxicity" -> {
                    List<Toxicity.Finding> lexical = Toxicity.find(body);
                    if (!lexical.isEmpty()) {
                        findings.add(new Finding("toxicity", lexical.get(0).category(), "text", 0, body.length(), 1, action));
                    } else if (rule.similarity()) {
                        chunks = chunks == null ? embed(body, retrieved) : chunks;
                        double margin = rule.threshold() == null ? TOXICITY_MARGIN : rule.threshold();
                        Scored best = best(chunks.textOnly(), v -> margin(toxic.nearest(v, 3), "toxic", "ok"));
                        if (best != null && best.score() >= margin) {
                            findings.add(new Finding("toxicity", "similar_to_toxic_examples", "text", best.start(), best.end(),
                                                     round(best.score()), action));
                        }
                    }
                }
                case "json_schema" -> {
                    Checks.Scored scored = checks.score("json_schema", rule.params(), body, null, null);
                    if (scored.score() < 1) {
                        findings.add(new Finding("json_schema", "schema_violation", "text", 0, body.length(), 1, action));
                    }
                }
                case "deny_list" -> {
                    if (rule.params().get("keywords") instanceof List<?> keywords) {
                        List<String> terms = keywords.stream().map(String::valueOf).toList();
                        Keywords set = keywordSets.size() > 1_000 ? new Keywords(terms) : keywordSets.computeIfAbsent(terms, Keywords::new);
                        for (int[] span : set.find(body)) {
                            findings.add(new Finding("deny_list", "keyword", "text", span[0], span[1], 1, action));
                        }
                    }
                    if (rule.params().get("topics") instanceof List<?> topics && !body.isBlank()) {
                        chunks = chunks == null ? embed(body, retrieved) : chunks;
                        float[][] topicVectors = embeddings.embed(topics.stream().map(String::valueOf).toList());
                        double threshold = rule.threshold() == null ? TOPIC_SIMILARITY : rule.threshold();
                        Scored best = best(chunks.textOnly(), v -> {
                            double max = 0;
                            for (float[] topic : topicVectors) {
                                max = Math.max(max, TextEmbeddings.cosine(v, topic));
                            }
                            return max;
                        });
                        if (best != null && best.score() >= threshold) {
                            findings.add(new Finding("deny_list", "topic", "text", best.start(), best.end(), round(best.score()), action));
                        }
                    }
                }
                default -> throw new IllegalArgumentException("Unknown guard check " + rule.check());
            }
        }
        findings.sort(Comparator.comparing(Finding::field, Comparator.reverseOrder()).thenComparingInt(Finding::start)); // text first, in reading order
        boolean block = findings.stream().anyMatch(f -> BLOCK.equals(f.action()));
        List<Finding> redactions = findings.stream().filter(f -> REDACT.equals(f.action()) && f.field().equals("text")).toList();
        if (block) {
            return new Result(BLOCK, null, findings);
        }
        if (!redactions.isEmpty()) {
            return new Result(REDACT, redact(body, redactions), findings);
        }
        return new Result(ALLOW, body, findings);
    }

    /**
     * A text the pattern checks could not finish within their budget is not let through unread: the finding covers the
     * whole text and, where the rule would only have redacted (no span is known), blocks it.
     */
    static Finding timedOut(String check, String text, String action) {
        return new Finding(check, "time_limit_exceeded", "text", 0, text.length(), 1, REDACT.equals(action) ? BLOCK : action);
    }

    /** How much closer a chunk's {@code k} nearest examples of {@code positive} are than those of {@code negative}. */
    private static double margin(Map<String, ExemplarIndex.Nearest> nearest, String positive, String negative) {
        return nearest.get(positive).meanOfK() - nearest.get(negative).meanOfK();
    }

    private static double round(double score) {
        return Math.round(score * 1000) / 1000.0;
    }

    /** Each span replaced by its type in capitals; overlapping spans merge into the first one's type. */
    static String redact(String text, List<Finding> findings) {
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(Comparator.comparingInt(Finding::start).thenComparingInt(f -> -f.end()));
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Finding f : sorted) {
            if (f.end() <= at) {
                continue;
            }
            if (f.start() >= at) {
                out.append(text, at, f.start());
                out.append('[').append(f.type().toUpperCase(Locale.ROOT)).append(']');
            }
            at = Math.max(at, f.end());
        }
        out.append(text, Math.min(at, text.length()), text.length());
        return out.toString();
    }

    private record Scored(String field, int start, int end, double score) {
    }

    private static Scored best(Chunks chunks, java.util.function.ToDoubleFunction<float[]> score) {
        Scored best = null;
        for (int i = 0; i < chunks.spans.size(); i++) {
            double s = score.applyAsDouble(chunks.vectors[i]);
            if (best == null || s > best.score()) {
                Span span = chunks.spans.get(i);
                best = new Scored(span.field(), span.start(), span.end(), s);
            }
        }
        return best;
    }

    record Span(String field, int start, int end) {
    }

    /** The chunks of the text, then of the context, and their embeddings. */
    private record Chunks(List<Span> spans, float[][] vectors) {

        Chunks textOnly() {
            int n = (int) spans.stream().filter(s -> s.field().equals("text")).count();
            return new Chunks(spans.subList(0, n), java.util.Arrays.copyOf(vectors, n));
        }
    }

    private Chunks embed(String text, String context) {
        // each field has its own budget: padding the text cannot push the retrieved context out of reach
        List<Span> textSpans = chunk("text", text);
        List<Span> contextSpans = chunk("context", context);
        List<Span> spans = new ArrayList<>(textSpans.subList(0, Math.min(textSpans.size(), MAX_TEXT_CHUNKS)));
        spans.addAll(contextSpans.subList(0, Math.min(contextSpans.size(), MAX_CONTEXT_CHUNKS)));
        List<String> texts = spans.stream().map(s -> (s.field().equals("text") ? text : context).substring(s.start(), s.end())).toList();
        return new Chunks(spans, texts.isEmpty() ? new float[0][] : embeddings.embed(texts));
    }

    /**
     * Sentences, joined while shorter than a few words and cut at {@value #CHUNK_WORDS} words: an attack sentence is compared
     * on its own rather than diluted in a long text, and a long run-on sentence is still read to its end.
     */
    static List<Span> chunk(String field, String text) {
        List<Span> spans = new ArrayList<>();
        int n = text.length();
        int start = -1;
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? text.charAt(i) : '\n';
            boolean wordChar = Character.isLetterOrDigit(c);
            if (wordChar && !inWord) {
                words++;
                if (start < 0) {
                    start = i;
                }
            }
            inWord = wordChar;
            boolean sentenceEnd = i == n || c == '\n' || (c == '.' || c == '!' || c == '?') && (i + 1 >= n || Character.isWhitespace(text.charAt(i + 1)));
            if (start >= 0 && (sentenceEnd && (words >= 6 || i == n) || words >= CHUNK_WORDS && !wordChar)) {
                spans.add(new Span(field, start, Math.min(n, i + (i < n && !Character.isWhitespace(c) ? 1 : 0))));
                start = -1;
                words = 0;
            }
        }
        return spans;
    }

    /** Whole words and phrases, case-insensitive: a phrase matches its words with only spaces between them. */
    static final class Keywords {
        private final List<String[]> phrases = new ArrayList<>();

        Keywords(List<String> terms) {
            for (String term : terms) {
                String[] words = term.toLowerCase(Locale.ROOT).strip().split("\\s+");
                if (words.length > 0 && !words[0].isEmpty()) {
                    phrases.add(words);
                }
            }
        }

        List<int[]> find(String text) {
            List<int[]> words = new ArrayList<>(); // start, end of each word
            int n = text.length();
            int i = 0;
            while (i < n) {
                if (!Character.isLetterOrDigit(text.charAt(i))) {
                    i++;
                    continue;
                }
                int start = i;
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '\'' || text.charAt(i) == '-')) {
                    i++;
                }
                words.add(new int[] {start, i});
            }
            Map<String, List<Integer>> at = new java.util.HashMap<>();
            for (int w = 0; w < words.size(); w++) {
                at.computeIfAbsent(text.substring(words.get(w)[0], words.get(w)[1]).toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(w);
            }
            List<int[]> spans = new ArrayList<>();
            for (String[] phrase : phrases) {
                for (int w : at.getOrDefault(phrase[0], List.of())) {
                    if (w + phrase.length > words.size()) {
                        continue;
                    }
                    boolean match = true;
                    for (int k = 1; k < phrase.length && match; k++) {
                        int[] word = words.get(w + k);
                        match = text.substring(word[0], word[1]).toLowerCase(Locale.ROOT).equals(phrase[k])
                                && text.substring(words.get(w + k - 1)[1], word[0]).isBlank();
                    }
                    if (match) {
                        spans.add(new int[] {words.get(w)[0], words.get(w + phrase.length - 1)[1]});
                    }
                }
            }
            return spans;
        }
    }
}
