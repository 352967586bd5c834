package io.modelledger.eval.metric;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The all-MiniLM-L6-v2 sentence-embedding model (Apache-2.0, quantized ONNX, shipped in LangChain4j's
 * Maven artifact), run in-process on the CPU with ONNX Runtime ({@link MiniLmModel}): no network, no GPU.
 * Several texts are embedded in parallel on a pool the size of the machine. Loaded on first use;
 * embeddings of recently seen texts are kept (expected outputs recur in every run of a suite).
 */
@Component
public class MiniLmEmbeddings implements TextEmbeddings {

    private static final int CACHE_SIZE = 20_000;

    private final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()), Thread.ofPlatform().name("eval-embedding-", 0).daemon().factory());
    private volatile EmbeddingModel model;
    private final Map<String, float[]> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private EmbeddingModel model() {
        EmbeddingModel current = model;
        if (current == null) {
            synchronized (this) {
                if (model == null) {
                    model = new MiniLmModel(pool);
                }
                current = model;
            }
        }
        return current;
    }

    @Override
    public float[][] embed(List<String> texts) {
        float[][] result = new float[texts.size()][];
        List<Integer> missing = new ArrayList<>();
        synchronized (cache) {
            for (int i = 0; i < texts.size(); i++) {
                result[i] = cache.get(texts.get(i));
                if (result[i] == null) {
                    missing.add(i);
                }
            }
        }
        if (!missing.isEmpty()) {
            List<TextSegment> segments = new ArrayList<>(missing.size());
            for (int i : missing) {
                String text = texts.get(i);
                segments.add(TextSegment.from(text.isBlank() ? " " : text));
            }
            var embeddings = model().embedAll(segments).content();
            synchronized (cache) {
                for (int k = 0; k < missing.size(); k++) {
                    float[] vector = embeddings.get(k).vector();
                    result[missing.get(k)] = vector;
                    cache.put(texts.get(missing.get(k)), vector);
                }
            }
        }
        return result;
    }
}
