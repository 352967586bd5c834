package io.modelledger.checks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * Toxic language found with a lexicon ({@code toxicity-lexicon.txt}: insults, profanity, threats,
 * harassment), matched on whole words after folding case, accents and common character substitutions
 * ({@code @→a}, {@code 0→o}, {@code 1→i}, {@code 3→e}, {@code $→s}). It runs offline and explains every
 * hit. Its limits: it sees words, not intent; it misses toxicity phrased without lexicon terms, and flags
 * quoted or reclaimed uses. Use it as a guard rail, not as a classifier of record.
 */
public final class Toxicity {

    public record Finding(String category, String term) {
    }

    /** A lexicon entry: its words, matched whole, the last one also with an ending ({@code s}, {@code es}, {@code ed}, {@code ing}). */
    private record Entry(int index, String category, String term, String[] words) {
    }

    private static final List<String> ENDINGS = List.of("", "s", "es", "ed", "ing");
    private static final List<Entry> LEXICON = load();
    /** Entries by their first word (for one-word entries: with each ending), so a text is read once, word by word. */
    private static final Map<String, List<Entry>> BY_FIRST_WORD = index(LEXICON);

    private Toxicity() {
    }

    /** The lexicon entries the text contains, in lexicon order, each once. */
    public static List<Finding> find(String text) {
        List<Finding> findings = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return findings;
        }
        String folded = fold(text);
        List<String> words = new ArrayList<>();
        List<Boolean> spaceBefore = new ArrayList<>(); // only whitespace, an apostrophe or a hyphen since the word before it
        int i = 0;
        int n = folded.length();
        int previousEnd = -1;
        while (i < n) {
            if (!isWordChar(folded.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && isWordChar(folded.charAt(i))) {
                i++;
            }
            words.add(folded.substring(start, i));
            spaceBefore.add(previousEnd >= 0 && folded.substring(previousEnd, start).chars()
                    .allMatch(c -> Character.isWhitespace(c) || c == '\'' || c == '\u2019' || c == '-'));
            previousEnd = i;
        }
        boolean[] found = new boolean[LEXICON.size()];
        for (int w = 0; w < words.size(); w++) {
            List<Entry> candidates = BY_FIRST_WORD.get(words.get(w));
            if (candidates == null) {
                continue;
            }
            for (Entry entry : candidates) {
                if (!found[entry.index()] && matchesAt(entry, words, spaceBefore, w)) {
                    found[entry.index()] = true;
                }
            }
        }
        for (Entry entry : LEXICON) {
            if (found[entry.index()]) {
                findings.add(new Finding(entry.category(), entry.term()));
            }
        }
        return findings;
    }

    private static boolean matchesAt(Entry entry, List<String> words, List<Boolean> spaceBefore, int at) {
        String[] term = entry.words();
        if (term.length == 1) {
            return true; // indexed with its endings
        }
        if (at + term.length > words.size()) {
            return false;
        }
        for (int k = 1; k < term.length; k++) {
            if (!spaceBefore.get(at + k)) {
                return false;
            }
            String word = words.get(at + k);
            boolean last = k == term.length - 1;
            if (last ? ENDINGS.stream().noneMatch(ending -> word.equals(term[term.length - 1] + ending)) : !word.equals(term[k])) {
                return false;
            }
        }
        return true;
    }

    /** What {@code \w} matches: a regex word boundary falls between such a character and any other. */
    private static boolean isWordChar(char c) {
        // '*' too: a masked word (f*ck) is one word, matched by its masked lexicon entry
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '*';
    }

    private static Map<String, List<Entry>> index(List<Entry> lexicon) {
        Map<String, List<Entry>> index = new HashMap<>();
        for (Entry entry : lexicon) {
            List<String> firsts = entry.words().length == 1 ? ENDINGS.stream().map(ending -> entry.words()[0] + ending).toList()
                    : List.of(entry.words()[0]);
            firsts.forEach(first -> index.computeIfAbsent(first, k -> new ArrayList<>()).add(entry));
        }
        return Map.copyOf(index);
    }

    static String fold(String text) {
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return ascii.toLowerCase(Locale.ROOT).replace('@', 'a').replace('0', 'o').replace('1', 'i')
                    .replace('3', 'e').replace('$', 's').replace('!', 'i');
    }

    private static List<Entry> load() {
        List<Entry> entries = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (var in = Toxicity.class.getResourceAsStream("/toxicity-lexicon.txt");
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String category = line.substring(0, colon).strip();
                String term = line.substring(colon + 1).strip();
                // folded as texts are (a$$hole, m0r0n), and split where a text's words split (mouth-breathing, i'll)
                String[] words = java.util.Arrays.stream(fold(term).split("[^a-z0-9_*]+")).filter(w -> !w.isEmpty()).toArray(String[]::new);
                if (seen.add(String.join(" ", words))) { // a disguised spelling of an entry (id10t) is that entry
                    entries.add(new Entry(entries.size(), category, term, words));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(entries);
    }
}
