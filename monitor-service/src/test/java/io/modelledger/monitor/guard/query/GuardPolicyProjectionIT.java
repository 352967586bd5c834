package io.modelledger.monitor.guard.query;

import io.modelledger.contracts.registry.GuardPolicyDefined;
import io.modelledger.contracts.registry.GuardRule;
import io.modelledger.monitor.guard.api.FindGuardPolicy;
import io.modelledger.platform.test.MutableClock;
import io.modelledger.platform.test.ProjectionHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Guard policies on the Mongo wire server: the newest revision wins whatever the order, and the cache follows within a second. */
class GuardPolicyProjectionIT {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private static final Map<String, Object> SCHEMA = Map.of("$schema", "https://json-schema.org/draft/2020-12/schema", "type", "object",
                                                             "required", List.of("answer"));

    private final ProjectionHarness harness = ProjectionHarness.of(GuardPolicyProjection.class);
    private final MutableClock clock = new MutableClock(T0);
    private final GuardPolicyProjection projection = new GuardPolicyProjection(harness.mongo(), clock);

    @AfterEach
    void close() {
        harness.close();
    }

    private static GuardPolicyDefined revision(int revision, String action) {
        return new GuardPolicyDefined("model", "support-bot", "production", revision, List.of(new GuardRule("injection", action, null, null)),
                                      List.of(new GuardRule("json_schema", "block", null, Map.of("schema", SCHEMA))));
    }

    private void events() {
        projection.on(revision(1, "block"), T0);
        projection.on(revision(2, "log"), T0.plusSeconds(60));
        projection.on(revision(1, "block"), T0); // a repeat of an older revision changes nothing
    }

    @Test
    void replayingPoliciesRebuildsTheSameDocuments() {
        harness.assertReplayable(this::events, projection::reset);
    }

    @Test
    void theNewestRevisionIsEnforcedWithItsSchemaIntact() {
        events();
        var policy = projection.find("model", "support-bot", "production").orElseThrow();
        assertThat(policy.revision()).isEqualTo(2);
        assertThat(policy.definedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(policy.input().get(0).action()).isEqualTo("log");
        assertThat(policy.output().get(0).params().get("schema")).isEqualTo(SCHEMA);
        assertThat(projection.handle(new FindGuardPolicy("model", "support-bot", "staging"))).isEmpty();
        assertThat(projection.find("prompt", "support-bot", "production")).isEmpty();
    }

    @Test
    void aRevisionStoredByAnotherInstanceIsSeenOnceTheCacheExpires() {
        projection.on(revision(1, "block"), T0);
        assertThat(projection.find("model", "support-bot", "production").orElseThrow().revision()).isEqualTo(1);
        new GuardPolicyProjection(harness.mongo(), clock).on(revision(2, "log"), T0.plusSeconds(1)); // another instance's processor
        assertThat(projection.find("model", "support-bot", "production").orElseThrow().revision()).as("cached").isEqualTo(1);
        clock.advance(Duration.ofMillis(GuardPolicyProjection.CACHE_MILLIS + 1));
        assertThat(projection.find("model", "support-bot", "production").orElseThrow().revision()).isEqualTo(2);
    }
}
