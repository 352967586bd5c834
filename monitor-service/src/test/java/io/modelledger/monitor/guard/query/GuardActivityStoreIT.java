package io.modelledger.monitor.guard.query;

import io.modelledger.monitor.guard.api.FindGuardBlocks;
import io.modelledger.monitor.guard.api.GuardActivity;
import io.modelledger.monitor.guard.api.GuardBlock;
import io.modelledger.platform.test.MutableClock;
import io.modelledger.platform.test.ProjectionHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The guard's counts and block records on the Mongo wire server: counted in memory, written by the flush (two instances add
 * to the same bucket), read back per range as rates; block records newest first, expired ones dropped.
 */
class GuardActivityStoreIT {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    private final ProjectionHarness harness = ProjectionHarness.of(GuardPolicyProjection.class);
    private final MutableClock clock = new MutableClock(T0.plusSeconds(3600));
    private final GuardActivityStore store = new GuardActivityStore(harness.mongo(), clock);

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void decisionsAreCountedPerBucketAndReadAsRates() {
        GuardActivityStore other = new GuardActivityStore(harness.mongo(), clock);
        store.count("model", "bot", "production", T0.plusSeconds(1), "block", Map.of("injection", Set.of("block"), "pii", Set.of("log")));
        store.count("model", "bot", "production", T0.plusSeconds(2), "redact", Map.of("pii", Set.of("redact")));
        other.count("model", "bot", "production", T0.plusSeconds(3), "allow", Map.of());
        other.count("model", "bot", "production", T0.plusSeconds(15), "allow", Map.of()); // the next 10-second bucket
        store.count("model", "bot", "staging", T0.plusSeconds(2), "block", Map.of("toxicity", Set.of("block")));
        assertThat(store.activity("model", "bot", "production", T0, T0.plusSeconds(60)).checked()).as("nothing written yet").isZero();
        Instant before = clock.instant();
        store.flush();
        other.flush();
        assertThat(store.flushedThrough()).isEqualTo(before);

        GuardActivity first = store.activity("model", "bot", "production", T0, T0.plusSeconds(10));
        assertThat(first.checked()).isEqualTo(3);
        assertThat(first.decisions()).isEqualTo(Map.of("block", 1L, "redact", 1L, "allow", 1L));
        assertThat(first.metrics().get("guard_block_rate")).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(first.metrics().get("guard_redact_rate:pii")).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(first.metrics().get("guard_log_rate:pii")).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(store.activity("model", "bot", "production", T0, T0.plusSeconds(20)).checked()).isEqualTo(4);
        assertThat(store.activity("model", "bot", "staging", T0, T0.plusSeconds(20)).metrics()).containsEntry("guard_block_rate:toxicity", 1.0);
        assertThat(store.activity("prompt", "bot", "production", T0, T0.plusSeconds(20)).metrics()).isEmpty();

        store.count("model", "bot", "production", T0.plusSeconds(4), "block", Map.of("injection", Set.of("block")));
        store.flush();
        assertThat(store.activity("model", "bot", "production", T0, T0.plusSeconds(10)).decisions()).containsEntry("block", 2L);
    }

    @Test
    void blockRecordsAreListedNewestFirstAndExpire() {
        store.block(new GuardBlock("b-1", T0, "model", "bot", 1, "production", "input", List.of(new GuardBlock.Check("injection",
                "instruction_override", 1.0)), "req-1", null), T0.plus(Duration.ofDays(30)));
        store.block(new GuardBlock("b-2", T0.plusSeconds(5), "model", "bot", 1, "production", "output", List.of(new GuardBlock.Check("toxicity",
                "similar_to_toxic_examples", 0.2)), "req-2", "you are useless"), T0.plusSeconds(3600 + 60));
        store.flush();
        List<GuardBlock> blocks = store.handle(new FindGuardBlocks("model", "bot", "production", 10, true));
        assertThat(blocks).extracting(GuardBlock::id).containsExactly("b-2", "b-1");
        assertThat(blocks.get(0).text()).isEqualTo("you are useless");
        assertThat(store.handle(new FindGuardBlocks("model", "bot", "production", 10, false)).get(0).text())
                .as("kept text is for admins and auditors").isNull();
        assertThat(blocks.get(1).checks()).containsExactly(new GuardBlock.Check("injection", "instruction_override", 1.0));
        clock.advance(Duration.ofMinutes(2));
        store.expire();
        assertThat(store.handle(new FindGuardBlocks("model", "bot", "production", 10, false))).extracting(GuardBlock::id).containsExactly("b-1");
    }
}
