package io.modelledger.checks;

import java.util.List;

/** Sentence embeddings for semantic similarity and groundedness. */
public interface TextEmbeddings {

    float[][] embed(List<String> texts);

    /**
     * Which model makes the vectors, where they are stored: vectors stored under another name are not comparable with
     * these. By default the implementation's class, so that nothing else's vectors are taken for its own.
     */
    default String model() {
        return getClass().getName();
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
