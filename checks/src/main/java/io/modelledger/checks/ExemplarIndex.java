package io.modelledger.checks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Labelled example sentences, embedded once on first use, and how close a text comes to the examples of each label
 * (the mean cosine similarity of its {@code k} nearest). Read from a tab-separated resource whose first column is the
 * label and whose last is the text; lines starting with {@code #} are comments.
 */
public final class ExemplarIndex {

    public record Example(String label, String category, String text) {
    }

    private final List<Example> examples;
    private final TextEmbeddings embeddings;
    private volatile float[][] vectors;

    public ExemplarIndex(List<Example> examples, TextEmbeddings embeddings) {
        this.examples = List.copyOf(examples);
        this.embeddings = embeddings;
    }

    /** Reads {@code label<TAB>category<TAB>text} lines. */
    public static List<Example> read(String resource) {
        return read(resource, null);
    }

    /**
     * Reads tab-separated lines whose last column is the text: {@code label<TAB>category<TAB>text}, or, given a
     * {@code label} for the whole file, {@code category<TAB>…<TAB>text}.
     */
    public static List<Example> read(String resource, String label) {
        List<Example> examples = new ArrayList<>();
        try (var in = ExemplarIndex.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t");
                String text = columns[columns.length - 1].strip();
                examples.add(label == null ? new Example(columns[0].strip(), columns[1].strip(), text)
                                           : new Example(label, columns[0].strip(), text));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return examples;
    }

    /** Embeds the examples now (idempotent), so that the first text compared does not wait for it. */
    public void warmUp() {
        vectors();
    }

    private float[][] vectors() {
        float[][] v = vectors;
        if (v == null) {
            synchronized (this) {
                if (vectors == null) {
                    vectors = embeddings.embed(examples.stream().map(Example::text).toList());
                }
                v = vectors;
            }
        }
        return v;
    }

    /** Per label, the mean similarity of the {@code k} nearest examples of that label to {@code vector}, and the nearest one. */
    public Map<String, Nearest> nearest(float[] vector, int k) {
        float[][] all = vectors();
        Map<String, List<Double>> byLabel = new LinkedHashMap<>();
        Map<String, Integer> best = new LinkedHashMap<>();
        double[] similarities = new double[all.length];
        for (int i = 0; i < all.length; i++) {
            similarities[i] = TextEmbeddings.cosine(vector, all[i]);
            String label = examples.get(i).label();
            byLabel.computeIfAbsent(label, l -> new ArrayList<>()).add(similarities[i]);
            Integer current = best.get(label);
            if (current == null || similarities[i] > similarities[current]) {
                best.put(label, i);
            }
        }
        Map<String, Nearest> result = new LinkedHashMap<>();
        byLabel.forEach((label, sims) -> {
            double[] sorted = sims.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int n = Math.min(k, sorted.length);
            double mean = Arrays.stream(sorted, sorted.length - n, sorted.length).average().orElse(0);
            result.put(label, new Nearest(mean, sorted[sorted.length - 1], examples.get(best.get(label))));
        });
        return result;
    }

    /** The mean of the {@code k} nearest similarities of a label, the single nearest, and that example. */
    public record Nearest(double meanOfK, double max, Example example) {
    }
}
