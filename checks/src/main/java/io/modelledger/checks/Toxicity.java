package io.modelledger.checks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private record Entry(String category, String term, Pattern pattern) {
    }

    private static final List<Entry> LEXICON = load();

    private Toxicity() {
    }

    public static List<Finding> find(String text) {
        List<Finding> findings = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return findings;
        }
        String folded = fold(text);
        for (Entry entry : LEXICON) {
            Matcher matcher = entry.pattern().matcher(folded);
            if (matcher.find()) {
                findings.add(new Finding(entry.category(), entry.term()));
            }
        }
        return findings;
    }

    static String fold(String text) {
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return ascii.toLowerCase(Locale.ROOT).replace('@', 'a').replace('0', 'o').replace('1', 'i')
                    .replace('3', 'e').replace('$', 's').replace('!', 'i');
    }

    private static List<Entry> load() {
        List<Entry> entries = new ArrayList<>();
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
                String regex = "\\b" + Pattern.quote(term).replace(" ", "\\E\\s+\\Q") + "(?:s|es|ed|ing)?\\b";
                entries.add(new Entry(category, term, Pattern.compile(regex)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(entries);
    }
}
