package io.modelledger.eval.suite.query;

import io.modelledger.checks.Groundedness;
import io.modelledger.checks.TextEmbeddings;
import io.modelledger.contracts.eval.MetricSpec;
import io.modelledger.eval.metric.CaseAssertion;
import io.modelledger.eval.suite.api.SuiteCase;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.stereotype.Component;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The sentence embeddings of what a suite version's cases compare answers with: the expected texts that
 * {@code semantic_similarity} reads, the context sentences that {@code groundedness} reads, and the values of such
 * per-case assertions. They do not change with the answers, so they are embedded once per suite content and
 * embedding model, and stored ({@code eval_suite_vectors}), {@value #CHUNK} cases to a document, as little-endian
 * float32: a run then embeds only its outputs, after a restart too, on any instance.
 * <p>
 * A published version is prepared in the background, chunk by chunk, up to {@value #AHEAD} texts ({@link #prepare}); a
 * run asks for each chunk as it reaches it, and for the next one ({@link #chunk}), and embeds and stores a chunk that is
 * not stored yet. Both share a
 * chunk being embedded on this instance, so a run started right after its upload waits for the same work rather
 * than doing it twice. Storing is idempotent (the same content and model give the same document). Texts longer than
 * {@value #MAX_CHARS} characters, and those beyond {@value #MAX_TEXTS} in a chunk, are not stored: the checks embed
 * them when they score, as without stored vectors. A document of wrong shape is ignored and the chunk embedded again.
 * Vectors are stored by the model's {@link TextEmbeddings#model() identity}, which for MiniLM includes a hash of its files.
 */
@Component
public class SuiteVectorStore {

    static final int CHUNK = 500;
    static final int MAX_TEXTS = 2_000;
    static final int MAX_CHARS = 1_024;
    static final int WAITING = 4;
    static final int AHEAD = 20_000;

    private static final String SIMILARITY = "semantic_similarity";
    private static final String GROUNDEDNESS = "groundedness";
    private static final String ASSERTIONS = "assertions";
    /** The metrics whose checks embed texts of the case, whatever the answer is. */
    private static final Set<String> EMBEDDING_METRICS = Set.of(SIMILARITY, GROUNDEDNESS, ASSERTIONS);

    private static final Logger log = LoggerFactory.getLogger(SuiteVectorStore.class);

    @Document("eval_suite_vectors")
    record VectorChunk(@Id String id, String sha256, String model, int chunk, int dimensions, List<String> texts, byte[] vectors) {
    }

    private final MongoTemplate mongo;
    private final SuiteStore suites;
    private final TextEmbeddings embeddings;
    private final Map<String, CompletableFuture<Map<String, float[]>>> embedding = new ConcurrentHashMap<>();
    /**
     * One version prepared at a time, and at most {@value #WAITING} waiting, each by its first {@value #AHEAD} texts: an
     * upload costs its author little, and the preparation of a large one minutes of CPU and hundreds of megabytes, so
     * what is beyond that is embedded by the runs that need it, chunk by chunk.
     */
    private final ThreadPoolExecutor background = new ThreadPoolExecutor(
            1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(WAITING), Thread.ofPlatform().name("eval-suite-vectors").daemon().factory(),
            (refused, executor) -> log.info("{} suite versions wait for their embeddings; a newer one is not prepared ahead of its runs", WAITING));

    public SuiteVectorStore(MongoTemplate mongo, SuiteStore suites, TextEmbeddings embeddings) {
        this.mongo = mongo;
        this.suites = suites;
        this.embeddings = embeddings;
    }

    /** The chunk a case at this position of its suite version belongs to. */
    public static int chunkOf(int position) {
        return position / CHUNK;
    }

    /** The cases of one chunk of a version's cases. */
    public static List<SuiteCase> casesOf(List<SuiteCase> cases, int chunk) {
        return cases.subList(Math.min(cases.size(), chunk * CHUNK), Math.min(cases.size(), (chunk + 1) * CHUNK));
    }

    /**
     * Embeds and stores the chunks of a newly published version that its metrics need, one chunk after another, off
     * the caller's thread, up to {@value #AHEAD} texts; not when {@value #WAITING} versions already wait.
     */
    public void prepare(String sha256, List<MetricSpec> specs) {
        if (!needsTexts(specs)) {
            return;
        }
        background.execute(() -> {
            List<SuiteCase> cases = suites.cases(sha256);
            int ahead = 0;
            for (int chunk = 0; !casesOf(cases, chunk).isEmpty(); chunk++) {
                List<String> texts = texts(casesOf(cases, chunk), specs);
                ahead += texts.size();
                if (ahead > AHEAD) {
                    log.info("Suite content {}: the embeddings after chunk {} are left to its runs ({} texts ahead at most)",
                             sha256, chunk - 1, AHEAD);
                    return;
                }
                try {
                    vectors(sha256, chunk, texts).join();
                } catch (RuntimeException e) {
                    log.warn("Could not prepare the embeddings of suite content {} (chunk {}); its runs embed them as they score: {}",
                             sha256, chunk, e.toString());
                    return;
                }
            }
        });
    }

    /**
     * Embeddings for scoring the cases of one chunk: the stored vectors of its texts first (embedded and stored now
     * when they are not), the model for anything else. Never fails: without stored vectors, the model embeds all.
     */
    public CompletableFuture<TextEmbeddings> chunk(String sha256, int chunk, List<SuiteCase> casesOfChunk, List<MetricSpec> specs) {
        List<String> texts = texts(casesOfChunk, specs);
        if (texts.isEmpty()) {
            return CompletableFuture.completedFuture(embeddings);
        }
        return vectors(sha256, chunk, texts).handle((known, failure) -> {
            if (failure != null) {
                log.warn("No stored embeddings for chunk {} of suite content {}; the checks embed its texts: {}",
                         chunk, sha256, failure.toString());
                return embeddings;
            }
            return knowing(known);
        });
    }

    /** The vectors of a chunk's texts ({@link #texts}): stored, being embedded on this instance, or embedded now. */
    private CompletableFuture<Map<String, float[]>> vectors(String sha256, int chunk, List<String> texts) {
        String id = sha256 + ":" + embeddings.model() + ":" + chunk;
        CompletableFuture<Map<String, float[]>> mine = new CompletableFuture<>();
        CompletableFuture<Map<String, float[]>> running = embedding.putIfAbsent(id, mine);
        if (running != null) {
            return running;
        }
        Thread.ofVirtual().name("eval-suite-vectors-" + chunk).start(() -> {
            Map<String, float[]> vectors = null;
            Throwable failure = null;
            try {
                vectors = storedOrEmbedded(id, sha256, chunk, texts);
            } catch (Throwable e) { // an Error too (the model's native library): the cases waiting for this chunk go on without it
                failure = e;
            }
            // forgotten before it completes: whoever is answered asks the store next time, never this finished work
            embedding.remove(id, mine);
            if (failure != null) {
                mine.completeExceptionally(failure);
            } else {
                mine.complete(vectors);
            }
        });
        return mine;
    }

    private Map<String, float[]> storedOrEmbedded(String id, String sha256, int chunk, List<String> texts) {
        VectorChunk stored = mongo.findById(id, VectorChunk.class);
        if (stored != null && stored.texts() != null && !stored.texts().isEmpty() && stored.vectors() != null && stored.dimensions() > 0
                && stored.vectors().length == (long) stored.texts().size() * stored.dimensions() * Float.BYTES) {
            return unpacked(stored);
        }
        float[][] vectors = embeddings.embed(texts);
        int dimensions = vectors.length == 0 ? 0 : vectors[0].length;
        ByteBuffer packed = ByteBuffer.allocate(texts.size() * dimensions * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        var floats = packed.asFloatBuffer();
        Map<String, float[]> known = new HashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            floats.put(vectors[i]);
            known.put(texts.get(i), vectors[i]);
        }
        try {
            mongo.save(new VectorChunk(id, sha256, embeddings.model(), chunk, dimensions, texts, packed.array()));
        } catch (RuntimeException e) {
            log.warn("Could not store the embeddings of chunk {} of suite content {}; they are used for this run only: {}",
                     chunk, sha256, e.toString());
        }
        return known;
    }

    private static Map<String, float[]> unpacked(VectorChunk stored) {
        var floats = ByteBuffer.wrap(stored.vectors()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        Map<String, float[]> known = new HashMap<>();
        for (String text : stored.texts()) {
            float[] vector = new float[stored.dimensions()];
            floats.get(vector);
            known.put(text, vector);
        }
        return known;
    }

    /** The model's embeddings, with these vectors known in advance. */
    private TextEmbeddings knowing(Map<String, float[]> known) {
        return new TextEmbeddings() {
            @Override
            public float[][] embed(List<String> texts) {
                float[][] result = new float[texts.size()][];
                List<String> unknown = new ArrayList<>();
                for (int i = 0; i < texts.size(); i++) {
                    result[i] = known.get(texts.get(i));
                    if (result[i] == null) {
                        unknown.add(texts.get(i));
                    }
                }
                if (!unknown.isEmpty()) {
                    float[][] embedded = embeddings.embed(unknown);
                    for (int i = 0, next = 0; i < texts.size(); i++) {
                        if (result[i] == null) {
                            result[i] = embedded[next++];
                        }
                    }
                }
                return result;
            }

            @Override
            public String model() {
                return embeddings.model();
            }
        };
    }

    private static boolean needsTexts(List<MetricSpec> specs) {
        return specs.stream().anyMatch(s -> EMBEDDING_METRICS.contains(s.metric()));
    }

    /**
     * The texts of these cases that the checks of these metrics embed whatever the answer is, in order, each once:
     * at most {@value #MAX_TEXTS}, each at most {@value #MAX_CHARS} characters long.
     */
    static List<String> texts(List<SuiteCase> cases, List<MetricSpec> specs) {
        Set<String> metrics = new HashSet<>();
        specs.forEach(s -> metrics.add(s.metric()));
        boolean expected = metrics.contains(SIMILARITY);
        boolean context = metrics.contains(GROUNDEDNESS);
        boolean assertions = metrics.contains(ASSERTIONS);
        Set<String> texts = new LinkedHashSet<>();
        for (SuiteCase c : cases) {
            if (expected) {
                add(texts, c.expected() == null ? "" : c.expected());
            }
            boolean contextOfCase = context;
            if (assertions) {
                for (CaseAssertion assertion : c.assertions()) {
                    if (SIMILARITY.equals(assertion.check())) {
                        add(texts, assertion.value() == null ? "" : assertion.value());
                    }
                    contextOfCase |= GROUNDEDNESS.equals(assertion.check());
                }
            }
            if (contextOfCase) {
                Groundedness.sentences(c.context()).forEach(sentence -> add(texts, sentence));
            }
        }
        return List.copyOf(texts);
    }

    private static void add(Set<String> texts, String text) {
        if (text.length() <= MAX_CHARS && texts.size() < MAX_TEXTS) {
            texts.add(text);
        }
    }

    @PreDestroy
    void stop() {
        background.shutdownNow();
    }
}
