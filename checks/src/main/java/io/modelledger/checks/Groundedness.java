package io.modelledger.checks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much of an answer is supported by the retrieval context it was given: the share of the answer's
 * sentences that are grounded. A sentence is grounded when every number in it occurs in the context, and
 * either most of its content words (at least {@code minOverlap}, default 0.6) occur in the context or its
 * sentence embedding is close (cosine ≥ {@code minSimilarity}, default 0.6) to some context sentence.
 * <p>
 * Limits, stated plainly: this measures support by overlap and paraphrase similarity, not logical
 * entailment; a sentence that contradicts the context with the same words (a dropped "not") can pass,
 * and a correct inference the context implies without stating it can fail. It needs no remote model.
 */
public final class Groundedness {

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\n+");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'-]*");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");
    private static final Set<String> STOPWORDS = new HashSet<>(Arrays.asList(
            "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by", "from", "is",
            "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "as", "if",
            "then", "than", "so", "not", "no", "do", "does", "did", "has", "have", "had", "can", "could", "will",
            "would", "should", "may", "might", "you", "your", "we", "our", "they", "their", "he", "she", "his",
            "her", "i", "me", "my", "there", "here", "which", "who", "what", "when", "where", "how", "also", "all",
            "any", "some", "more", "most", "very", "just", "about", "into", "over", "after", "before", "yes"));

    public record Result(double score, int sentences, List<String> unsupported) {
    }

    private Groundedness() {
    }

    public static List<String> sentences(String text) {
        List<String> result = new ArrayList<>();
        for (String s : SENTENCE_END.split(text == null ? "" : text.strip())) {
            if (WORD.matcher(s).find()) {
                result.add(s.strip());
            }
        }
        return result;
    }

    public static Result of(String answer, String context, TextEmbeddings embeddings, double minOverlap, double minSimilarity) {
        List<String> answerSentences = sentences(answer);
        if (answerSentences.isEmpty()) {
            return new Result(1, 0, List.of());
        }
        Set<String> contextWords = contentWords(context);
        Set<String> contextNumbers = numbers(context);
        List<String> contextSentences = sentences(context);
        float[][] contextVectors = null;
        List<String> unsupported = new ArrayList<>();
        for (String sentence : answerSentences) {
            if (!contextNumbers.containsAll(numbers(sentence))) {
                unsupported.add(sentence);
                continue;
            }
            Set<String> words = contentWords(sentence);
            long covered = words.stream().filter(contextWords::contains).count();
            boolean grounded = words.isEmpty() || (double) covered / words.size() >= minOverlap;
            if (!grounded && embeddings != null && !contextSentences.isEmpty()) {
                if (contextVectors == null) {
                    contextVectors = embeddings.embed(contextSentences);
                }
                float[] vector = embeddings.embed(List.of(sentence))[0];
                for (float[] c : contextVectors) {
                    if (TextEmbeddings.cosine(vector, c) >= minSimilarity) {
                        grounded = true;
                        break;
                    }
                }
            }
            if (!grounded) {
                unsupported.add(sentence);
            }
        }
        return new Result(1 - (double) unsupported.size() / answerSentences.size(), answerSentences.size(), unsupported);
    }

    static Set<String> contentWords(String text) {
        Set<String> words = new HashSet<>();
        Matcher matcher = WORD.matcher(text == null ? "" : text.toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            String word = stem(matcher.group());
            if (!STOPWORDS.contains(word) && word.length() > 1) {
                words.add(word);
            }
        }
        return words;
    }

    private static String stem(String word) {
        if (word.length() > 4 && word.endsWith("ies")) {
            return word.substring(0, word.length() - 3) + "y";
        }
        if (word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")) {
            return word.substring(0, word.length() - 1);
        }
        return word;
    }

    private static Set<String> numbers(String text) {
        Set<String> numbers = new HashSet<>();
        Matcher matcher = NUMBER.matcher(text == null ? "" : text);
        while (matcher.find()) {
            numbers.add(matcher.group().replace(",", ""));
        }
        return numbers;
    }
}
