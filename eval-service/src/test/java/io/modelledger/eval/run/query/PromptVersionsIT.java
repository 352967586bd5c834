package io.modelledger.eval.run.query;

import io.modelledger.contracts.registry.PromptVersionRegistered;
import io.modelledger.platform.test.ProjectionHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The prompt versions eval-service renders, on the Mongo wire server. */
class PromptVersionsIT {

    private final ProjectionHarness harness = ProjectionHarness.of(PromptVersions.class);
    private final PromptVersions projection = new PromptVersions(harness.mongo());
    private final KnownSubjects subjects = new KnownSubjects(harness.mongo(), null);

    @AfterEach
    void close() {
        harness.close();
    }

    private void events() {
        projection.on(new PromptVersionRegistered("support", 1, "Answer: {{question}}", List.of("question"), "openai", "gpt-4o-mini",
                                                  Map.of("temperature", 0.2), "first"));
        projection.on(new PromptVersionRegistered("support", 2, "Answer politely: {{question}}", List.of("question"), "openai", "gpt-4o",
                                                  Map.of(), "polite"));
    }

    @Test
    void replayingThePromptVersionsRebuildsTheSameDocuments() {
        harness.assertReplayable(this::events, projection::reset);
    }

    @Test
    void aRegisteredVersionCanBeRenderedAndAnUnknownOneIsNot() {
        events();
        assertThat(subjects.prompt("support", 1)).hasValueSatisfying(p -> {
            assertThat(p.template()).isEqualTo("Answer: {{question}}");
            assertThat(p.parameters()).containsEntry("temperature", 0.2);
        });
        assertThat(subjects.prompt("support", 3)).isEmpty();
    }
}
