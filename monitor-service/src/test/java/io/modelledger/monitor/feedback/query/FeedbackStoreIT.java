package io.modelledger.monitor.feedback.query;

import io.modelledger.contracts.monitor.FeedbackRecorded;
import io.modelledger.platform.test.ProjectionHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Feedback as the monitor counts it, on the Mongo wire server: per deployment and window, each batch once, replayable. */
class FeedbackStoreIT {

    private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");

    private final ProjectionHarness harness = ProjectionHarness.of(FeedbackStore.class);
    private final FeedbackStore store = new FeedbackStore(harness.mongo());

    @AfterEach
    void close() {
        harness.close();
    }

    private static FeedbackRecorded.Item item(String environment, Instant at, String thumbs, List<String> flags) {
        return new FeedbackRecorded.Item("i-" + at.getEpochSecond(), null, 2, environment, at, null, thumbs, null, null, flags);
    }

    private void events() {
        store.on(new FeedbackRecorded("b-1", "fraud", List.of(item("prod", T0, "up", List.of()), item("prod", T0.plusSeconds(30), "down", List.of()),
                                                               item("staging", T0.plusSeconds(40), "down", List.of()))));
        store.on(new FeedbackRecorded("b-2", "fraud", List.of(item("prod", T0.plusSeconds(90), null, List.of("hallucination")),
                                                               item("prod", T0.plusSeconds(3600), "down", List.of()))));
    }

    @Test
    void replayingTheFeedbackRebuildsTheSameDocuments() {
        harness.assertReplayable(this::events, store::reset);
    }

    @Test
    void aWindowCountsItsDeploymentsFeedbackOnceWithThumbsDownAndFlagsAsNegative() {
        events();
        events();
        FeedbackStore.Counts counts = store.counts("fraud", "prod", T0, T0.plusSeconds(600));
        assertThat(counts.total()).isEqualTo(3);
        assertThat(counts.negative()).isEqualTo(2);
        assertThat(store.counts("fraud", "staging", T0, T0.plusSeconds(600)).total()).isEqualTo(1);
        assertThat(store.counts("churn", "prod", T0, T0.plusSeconds(600)).negativeShare()).isNaN();
    }

    @Test
    void aCanaryCountsOnlyTheFeedbackOfKeysBoundToItsDeploymentPerVersion() {
        events(); // sent by unbound keys
        store.on(new FeedbackRecorded("b-3", "fraud", List.of(item("prod", T0.plusSeconds(10), "down", List.of()),
                new FeedbackRecorded.Item("i-x", null, 3, "prod", T0.plusSeconds(20), 5, null, null, null, List.of())), true));
        java.util.Map<Integer, FeedbackStore.Counts> bound = store.countsByVersion("fraud", "prod", T0, T0.plusSeconds(600), true);
        assertThat(bound).containsOnlyKeys(2, 3);
        assertThat(bound.get(2)).isEqualTo(new FeedbackStore.Counts(1, 1));
        assertThat(bound.get(3)).isEqualTo(new FeedbackStore.Counts(1, 0));
        assertThat(store.countsByVersion("fraud", "prod", T0, T0.plusSeconds(600), false).get(2)).isEqualTo(new FeedbackStore.Counts(4, 3));
    }
}
