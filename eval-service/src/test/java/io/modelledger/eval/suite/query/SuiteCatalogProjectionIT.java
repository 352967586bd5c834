package io.modelledger.eval.suite.query;

import io.modelledger.contracts.eval.MetricSpec;
import io.modelledger.contracts.eval.SuiteVersionPublished;
import io.modelledger.eval.suite.api.FindSuiteVersion;
import io.modelledger.eval.suite.api.ListSuites;
import io.modelledger.eval.suite.api.SuiteView;
import io.modelledger.platform.test.ProjectionHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The suite catalog on the Mongo wire server: versions by number, the latest per suite, and a replay that rebuilds both. */
class SuiteCatalogProjectionIT {

    private final ProjectionHarness harness = ProjectionHarness.of(SuiteCatalogProjection.class);
    private final SuiteCatalogStore catalog = new SuiteCatalogStore(harness.mongo(), new SuiteStore(harness.mongo()));
    private final SuiteCatalogProjection projection = new SuiteCatalogProjection(catalog);

    @AfterEach
    void close() {
        harness.close();
    }

    private static SuiteVersionPublished version(String suite, int version) {
        return new SuiteVersionPublished(suite, version, Integer.toHexString(version).repeat(64).substring(0, 64), 10 * version,
                                         List.of(new MetricSpec("acc", "accuracy", null, 0.8, ">=")), "v" + version);
    }

    private void events() {
        projection.on(version("qa", 1), Instant.parse("2026-11-01T00:00:00Z"), "user:alice");
        projection.on(version("qa", 2), Instant.parse("2026-11-02T00:00:00Z"), "user:bob");
        projection.on(version("safety", 1), Instant.parse("2026-11-03T00:00:00Z"), "user:alice");
    }

    @Test
    void replayingThePublicationsRebuildsTheSameDocuments() {
        harness.assertReplayable(this::events, projection::reset);
    }

    @Test
    void theLatestVersionIsTheHighestAndEachVersionKeepsWhoPublishedIt() {
        events();
        assertThat(catalog.handle(new FindSuiteVersion("qa", null))).hasValueSatisfying(v -> {
            assertThat(v.version()).isEqualTo(2);
            assertThat(v.publishedBy()).isEqualTo("user:bob");
        });
        assertThat(catalog.handle(new FindSuiteVersion("qa", 1))).hasValueSatisfying(v -> assertThat(v.caseCount()).isEqualTo(10));
        assertThat(catalog.handle(new FindSuiteVersion("qa", 3))).isEmpty();
        assertThat(catalog.handle(new ListSuites(10))).extracting(SuiteView::suiteName, SuiteView::latestVersion)
                                                      .containsExactly(org.assertj.core.groups.Tuple.tuple("qa", 2),
                                                                       org.assertj.core.groups.Tuple.tuple("safety", 1));
    }
}
