package io.modelledger.eval.suite.query;

import io.modelledger.checks.TextEmbeddings;
import io.modelledger.contracts.eval.MetricSpec;
import io.modelledger.eval.metric.CaseAssertion;
import io.modelledger.eval.suite.api.SuiteCase;
import io.modelledger.eval.suite.api.SuiteContent;
import io.modelledger.platform.test.ProjectionHarness;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The stored embeddings of suite versions on the Mongo wire server: what is embedded, when, and how much waits. */
class SuiteVectorStoreIT {

    private static final List<MetricSpec> SIMILARITY = List.of(new MetricSpec("close", "semantic_similarity", null, 0.5, ">="));

    private final ProjectionHarness harness = ProjectionHarness.of(SuiteVectorStore.class);
    private final List<String> embedded = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean blocked;
    private final TextEmbeddings embeddings = new TextEmbeddings() {
        @Override
        public float[][] embed(List<String> texts) {
            try {
                if (blocked) {
                    released.await(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            embedded.addAll(texts);
            float[][] vectors = new float[texts.size()][];
            for (int i = 0; i < texts.size(); i++) {
                vectors[i] = new float[] {texts.get(i).length(), 1, -0.5f};
            }
            return vectors;
        }

        @Override
        public String model() {
            return "lengths";
        }
    };
    private final SuiteStore suites = new SuiteStore(harness.mongo());
    private final SuiteVectorStore store = new SuiteVectorStore(harness.mongo(), suites, embeddings);

    @AfterEach
    void close() {
        store.stop();
        harness.close();
    }

    private static SuiteCase expecting(String id, String expected, String context, List<CaseAssertion> assertions) {
        return new SuiteCase(id, "q" + id, Map.of(), expected, context, Map.of(), List.of(), assertions, null);
    }

    @Test
    void onlyTheTextsTheSuitesChecksCompareAnswersWithAreEmbedded() {
        List<SuiteCase> cases = List.of(
                expecting("1", "Paris", "Paris is in France. It has 2 million people.",
                          List.of(new CaseAssertion("semantic_similarity", "the capital", Map.of(), 0.7, null),
                                  new CaseAssertion("contains", "Paris", Map.of(), null, null))),
                expecting("2", "x".repeat(SuiteVectorStore.MAX_CHARS + 1), null, List.of()));
        assertThat(SuiteVectorStore.texts(cases, List.of(new MetricSpec("r", "regex", Map.of("pattern", "a"), null, null)))).isEmpty();
        assertThat(SuiteVectorStore.texts(cases, SIMILARITY)).as("a text too long to keep is embedded when scored").containsExactly("Paris");
        assertThat(SuiteVectorStore.texts(cases, List.of(new MetricSpec("g", "groundedness", null, 0.5, ">="))))
                .containsExactly("Paris is in France.", "It has 2 million people.");
        assertThat(SuiteVectorStore.texts(cases, List.of(new MetricSpec("a", "assertions", null, null, null)))).containsExactly("the capital");
    }

    @Test
    void aChunkIsEmbeddedOnceAndItsVectorsServeTheChecksFromTheStore() {
        List<SuiteCase> cases = List.of(expecting("1", "four", null, List.of()), expecting("2", "six", null, List.of()));
        TextEmbeddings first = store.chunk("sha-a", 0, cases, SIMILARITY).join();
        assertThat(first.embed(List.of("four", "an answer"))[0]).containsExactly(4, 1, -0.5f);
        assertThat(embedded).containsExactly("four", "six", "an answer");

        embedded.clear();
        SuiteVectorStore restarted = new SuiteVectorStore(harness.mongo(), suites, embeddings);
        TextEmbeddings again = restarted.chunk("sha-a", 0, cases, SIMILARITY).join();
        assertThat(again.embed(List.of("six", "four"))).isDeepEqualTo(new float[][] {{3, 1, -0.5f}, {4, 1, -0.5f}});
        assertThat(embedded).as("read from the store").isEmpty();

        // a document of the wrong shape (another writer, a partial copy) is not trusted: the chunk is embedded again
        harness.mongo().getCollection("eval_suite_vectors")
               .updateOne(new Document("_id", "sha-a:lengths:0"), new Document("$set", new Document("dimensions", 5)));
        assertThat(restarted.chunk("sha-a", 0, cases, SIMILARITY).join().embed(List.of("four"))[0]).containsExactly(4, 1, -0.5f);
        assertThat(embedded).containsExactly("four", "six");
        restarted.stop();

        // the same texts in other content, or from another model, are not taken from this content's vectors
        embedded.clear();
        store.chunk("sha-b", 0, cases, SIMILARITY).join();
        assertThat(embedded).containsExactly("four", "six");
        embedded.clear();
        SuiteVectorStore otherModel = new SuiteVectorStore(harness.mongo(), suites, new TextEmbeddings() {
            @Override
            public float[][] embed(List<String> texts) {
                embedded.addAll(texts);
                return texts.stream().map(t -> new float[] {1, 1}).toArray(float[][]::new);
            }

            @Override
            public String model() {
                return "another";
            }
        });
        assertThat(otherModel.chunk("sha-a", 0, cases, SIMILARITY).join().embed(List.of("four"))[0]).containsExactly(1, 1);
        assertThat(embedded).containsExactly("four", "six");
        otherModel.stop();
    }

    private String published(List<SuiteCase> cases) {
        SuiteContent content = SuiteContent.validated(SIMILARITY, cases);
        suites.save(content, content.sha256());
        return content.sha256();
    }

    @Test
    void aVersionIsPreparedAheadByItsFirstTwentyThousandTextsTheRestByItsRuns() {
        List<SuiteCase> cases = IntStream.range(0, SuiteVectorStore.AHEAD + 1_000)
                                         .mapToObj(i -> expecting("c" + i, "answer " + i, null, List.of())).toList();
        store.prepare(published(cases), SIMILARITY);
        int chunks = SuiteVectorStore.AHEAD / SuiteVectorStore.CHUNK;
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.mongo().getCollection("eval_suite_vectors").countDocuments() == chunks);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
               .until(() -> harness.mongo().getCollection("eval_suite_vectors").countDocuments() == chunks);
        assertThat(embedded).hasSize(SuiteVectorStore.AHEAD);
    }

    @Test
    void atMostOneVersionIsPreparedAndFourWaitSoUploadsCannotQueueWorkWithoutEnd() {
        blocked = true;
        List<String> versions = IntStream.range(0, 10).mapToObj(v -> published(List.of(expecting("1", "text of version " + v, null, List.of()))))
                                         .toList();
        versions.forEach(sha256 -> store.prepare(sha256, SIMILARITY));
        released.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.mongo().getCollection("eval_suite_vectors").countDocuments() == 5);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
               .until(() -> harness.mongo().getCollection("eval_suite_vectors").countDocuments() == 5);
        assertThat(embedded).containsExactly("text of version 0", "text of version 1", "text of version 2", "text of version 3",
                                             "text of version 4");
    }
}
