package io.modelledger.platform.eventstore;

import io.modelledger.contracts.audit.AuditEntry.StoredEvent;
import org.axonframework.eventhandling.EventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.modelledger.platform.eventstore.EngineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reader the audit hashes from, on the real wire protocol: events as the engine stored them, by range
 * (a commit that starts before the range included), by scattered positions and by id.
 */
class StoredEventReaderIT {

    private final EngineFixture fixture = new EngineFixture(b -> b.gapTimeout(Duration.ofSeconds(60)));
    private final StoredEventReader reader = fixture.engine.reader();

    @AfterEach
    void close() {
        fixture.close();
    }

    private void commit(String aggregate, int events) {
        List<EventMessage<?>> batch = new java.util.ArrayList<>();
        for (int i = 0; i < events; i++) {
            batch.add(event(aggregate, i, "writer"));
        }
        fixture.engine.appendEvents(batch);
    }

    @Test
    void aRangeReturnsTheEventsAsStoredInGlobalOrderEvenWhenACommitStartsBeforeIt() {
        commit("a", 3); // positions 1..3, one commit
        commit("b", 2); // 4..5
        List<StoredEvent> range = reader.range(2, 4);
        assertThat(range).extracting(StoredEvent::position).containsExactly(2L, 3L, 4L);
        StoredEvent second = range.getFirst();
        assertThat(second.aggregateId()).isEqualTo("a");
        assertThat(second.sequenceNumber()).isEqualTo(1L);
        assertThat(second.payloadType()).isEqualTo(TestEvent.class.getName());
        assertThat(second.payloadJson()).contains("\"writer\":\"writer\"");
        assertThat(second.metaDataJson()).contains("user:writer");
        assertThat(reader.range(6, 10)).isEmpty();
        assertThat(reader.range(3, 2)).isEmpty();
    }

    @Test
    void scatteredPositionsAndIdsAreFoundEachOnce() {
        for (int i = 0; i < 40; i++) {
            commit("m" + i, 2);
        }
        Map<Long, StoredEvent> sparse = reader.at(List.of(79L, 3L, 41L, 41L, 500L));
        assertThat(sparse.keySet()).containsExactlyInAnyOrder(3L, 41L, 79L);
        assertThat(sparse.get(41L).aggregateId()).isEqualTo("m20");
        assertThat(reader.at(List.of(5L, 6L, 7L)).keySet()).containsExactlyInAnyOrder(5L, 6L, 7L);
        assertThat(reader.at(80)).map(StoredEvent::sequenceNumber).contains(1L);
        assertThat(reader.at(81)).isEmpty();
        assertThat(reader.positionOf(sparse.get(79L).eventId())).contains(79L);
        assertThat(reader.positionOf("no-such-event")).isEmpty();
    }
}
