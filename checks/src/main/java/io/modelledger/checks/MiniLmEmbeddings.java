package io.modelledger.checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Sentence embeddings with {@link MiniLmModel}, offline on the CPU. Texts from all callers are queued and
 * embedded in batches (up to {@value #BATCH}) by one worker per core: many concurrent callers (the virtual
 * threads of a run) share batch runs instead of each running the model alone. Embeddings of recently seen
 * texts are kept (expected outputs recur in every run of a suite). The model loads on first use.
 */
public class MiniLmEmbeddings implements TextEmbeddings {

    /** Larger batches run no faster per text on the CPU (EmbeddingBenchmark, docs/benchmarks.md), and pad more. */
    static final int BATCH = 8;
    private static final int CACHE_SIZE = 20_000;
    static final int MAX_CHARS = 8_192;
    static final int MAX_CACHED_CHARS = 1_024;

    private record Request(String text, CompletableFuture<float[]> result) {
    }

    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Map<String, float[]> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > CACHE_SIZE;
        }
    };
    private volatile boolean started;
    private MiniLmModel model; // written before started

    private void start() {
        if (started) {
            return;
        }
        synchronized (this) {
            if (started) {
                return;
            }
            model = new MiniLmModel();
            int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
            for (int w = 0; w < workers; w++) {
                MiniLmModel loaded = model;
                Thread.ofPlatform().name("minilm-embedding-" + w).daemon().start(() -> work(loaded));
            }
            started = true;
        }
    }

    private void work(MiniLmModel model) {
        List<Request> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, BATCH - 1);
            try {
                float[][] vectors = model.embed(batch.stream().map(r -> r.text().isBlank() ? " " : r.text()).toList());
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).result().complete(vectors[i]);
                }
            } catch (RuntimeException e) {
                batch.forEach(r -> r.result().completeExceptionally(e));
            }
            batch.clear();
        }
    }

    /** Loads the model (its identity is a hash of its files). */
    @Override
    public String model() {
        start();
        return model.identity();
    }

    @Override
    public float[][] embed(List<String> input) {
        // the model reads at most 256 tokens: what lies beyond 8,192 characters never reaches it, so it is not kept either
        List<String> texts = input.stream().map(t -> t.length() > MAX_CHARS ? t.substring(0, MAX_CHARS) : t).toList();
        float[][] result = new float[texts.size()][];
        Map<String, CompletableFuture<float[]>> pending = new LinkedHashMap<>();
        synchronized (cache) {
            for (int i = 0; i < texts.size(); i++) {
                result[i] = cache.get(texts.get(i));
            }
        }
        for (int i = 0; i < texts.size(); i++) {
            if (result[i] == null) {
                pending.computeIfAbsent(texts.get(i), text -> {
                    start();
                    CompletableFuture<float[]> future = new CompletableFuture<>();
                    queue.add(new Request(text, future));
                    return future;
                });
            }
        }
        if (pending.isEmpty()) {
            return result;
        }
        for (int i = 0; i < texts.size(); i++) {
            if (result[i] == null) {
                result[i] = pending.get(texts.get(i)).join();
            }
        }
        synchronized (cache) { // short texts recur (expected answers, context sentences); long ones rarely, and would fill memory
            pending.forEach((text, future) -> {
                if (text.length() <= MAX_CACHED_CHARS) {
                    cache.put(text, future.join());
                }
            });
        }
        return result;
    }
}
