package io.modelledger.registry.prompt.query;

import io.modelledger.contracts.registry.PromotionPolicyDefined;
import io.modelledger.contracts.registry.PromptAliasAssigned;
import io.modelledger.contracts.registry.PromptRegistered;
import io.modelledger.contracts.registry.PromptVersionRegistered;
import io.modelledger.platform.test.ProjectionHarness;
import io.modelledger.registry.prompt.api.FindPrompt;
import io.modelledger.registry.prompt.api.FindPromptAliasHistory;
import io.modelledger.registry.prompt.api.FindPromptVersion;
import io.modelledger.registry.prompt.api.PromptAliasHistory;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The prompt catalog on the Mongo wire server: versions, aliases with their history, protected aliases; replayable. */
class PromptCatalogProjectionIT {

    private final ProjectionHarness harness = ProjectionHarness.of(PromptCatalogProjection.class);
    private final PromptCatalogProjection projection = new PromptCatalogProjection(harness.mongo());

    @AfterEach
    void close() {
        harness.close();
    }

    private void alias(String eventId, PromptAliasAssigned event, Instant at) {
        projection.on(event, new GenericEventMessage<>(eventId, event, Map.of(), at), "user:alice");
    }

    private void events() {
        projection.on(new PromptRegistered("support", "answers tickets", Map.of("team", "cx")), Instant.parse("2026-11-01T00:00:00Z"), "user:alice");
        for (int v = 1; v <= 2; v++) {
            projection.on(new PromptVersionRegistered("support", v, "v" + v + ": {{q}}", List.of("q"), "openai", "gpt-4o", Map.of(), "c" + v),
                          Instant.parse("2026-11-0" + (v + 1) + "T00:00:00Z"), "user:alice");
        }
        alias("e-1", new PromptAliasAssigned("support", "production", 1, null, null), Instant.parse("2026-11-04T00:00:00Z"));
        alias("e-2", new PromptAliasAssigned("support", "production", 2, 1, "p-9"), Instant.parse("2026-11-05T00:00:00Z"));
        projection.on(new PromotionPolicyDefined("prompt", "support", "production", 3, List.of(), 1, true, false, 86_400, List.of()));
        projection.on(new PromotionPolicyDefined("model", "support", "staging", 1, List.of(), 1, true, true, 86_400, List.of()));
    }

    @Test
    void replayingTheCatalogRebuildsTheSameDocuments() {
        harness.assertReplayable(this::events, projection::reset);
    }

    @Test
    void aPromptShowsItsLatestVersionAliasesAndTheAliasHistoryInOrder() {
        events();
        assertThat(projection.handle(new FindPrompt("support"))).hasValueSatisfying(p -> {
            assertThat(p.latestVersion()).isEqualTo(2);
            assertThat(p.aliases()).containsExactly(Map.entry("production", 2));
        });
        assertThat(projection.handle(new FindPromptVersion("support", 1))).hasValueSatisfying(v -> assertThat(v.template()).isEqualTo("v1: {{q}}"));
        PromptAliasHistory history = projection.handle(new FindPromptAliasHistory("support", "production"));
        assertThat(history.changes()).extracting(c -> c.version(), c -> c.promotionId())
                                     .containsExactly(org.assertj.core.groups.Tuple.tuple(1, null), org.assertj.core.groups.Tuple.tuple(2, "p-9"));
    }
}
