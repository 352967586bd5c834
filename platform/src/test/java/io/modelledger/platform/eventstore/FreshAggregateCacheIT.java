package io.modelledger.platform.eventstore;

import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.platform.axon.FreshAggregateCache;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * Two replicas of a service, each with its own event store client and aggregate cache, change one aggregate in
 * turn: each replica decides on the state the other left, because a cached aggregate is checked against the
 * store before use, and the stale one is reloaded instead of failing its append.
 */
class FreshAggregateCacheIT {

    record TallyOpened(String id) {
    }

    record TallyAdded(String id, String by) {
    }

    static class Tally {
        @AggregateIdentifier
        String id;
        int count;

        Tally() {
        }

        Tally(String id) {
            apply(new TallyOpened(id));
        }

        void add(String by) {
            apply(new TallyAdded(id, by));
        }

        @EventSourcingHandler
        void on(TallyOpened event) {
            id = event.id();
        }

        @EventSourcingHandler
        void on(TallyAdded event) {
            count++;
        }
    }

    private final EngineFixture fixture = new EngineFixture(b -> b);
    private final FreshAggregateCache cacheA = new FreshAggregateCache(fixture.engine, 100);
    private final Repository<Tally> replicaA = repository(fixture.eventStore, cacheA);
    private final MongoEventStorageEngine engineB = MongoEventStorageEngine.builder().database(fixture.database)
            .eventSerializer(EngineFixture.SERIALIZER).snapshotSerializer(EngineFixture.SERIALIZER).batchSize(50).build();
    private final FreshAggregateCache cacheB = new FreshAggregateCache(engineB, 100);
    private final Repository<Tally> replicaB = repository(EmbeddedEventStore.builder().storageEngine(engineB).build(), cacheB);

    private static Repository<Tally> repository(EmbeddedEventStore store, FreshAggregateCache cache) {
        return EventSourcingRepository.builder(Tally.class).eventStore(store).cache(cache).build();
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void eachReplicaDecidesOnTheStateTheOtherLeftAndACurrentEntryIsUsedAsIs() throws Exception {
        inUnitOfWork(() -> replicaA.newInstance(() -> new Tally("tally-1")));
        assertThat(add(replicaA, "a")).isEqualTo(1);
        assertThat(cacheA.staleEntries()).as("nothing changed in between: the cached aggregate was current").isZero();

        assertThat(cacheA.containsKey("tally-1")).as("A keeps the tally it changed").isTrue();
        assertThat(add(replicaB, "b")).isEqualTo(2);
        assertThat(add(replicaA, "a")).as("A's cached tally was behind B's event: reloaded, not refused").isEqualTo(3);
        assertThat(cacheA.staleEntries()).isEqualTo(1);
        assertThat(add(replicaB, "b")).isEqualTo(4);
        assertThat(cacheB.staleEntries()).isEqualTo(1);

        assertThat(add(replicaB, "b")).isEqualTo(5);
        assertThat(cacheB.staleEntries()).as("B's own last change: its entry is current").isEqualTo(1);
        assertThat(fixture.engine.isLastEvent("tally-1", 5)).isTrue();
        assertThat(fixture.engine.isLastEvent("tally-1", 4)).as("an event follows").isFalse();
        assertThat(fixture.engine.isLastEvent("tally-1", 6)).as("no such event").isFalse();
    }

    @Test
    void aChangeRacingAnotherReplicasIsRefusedAndTheNextLoadsTheOtherReplicasState() throws Exception {
        inUnitOfWork(() -> replicaA.newInstance(() -> new Tally("tally-1")));
        assertThat(add(replicaA, "a")).isEqualTo(1);

        Throwable refused = catchThrowable(() -> inUnitOfWork(() -> replicaA.load("tally-1").execute(tally -> {
            tally.add("a");
            // B changes the tally after A's check and before A's append
            CompletableFuture.runAsync(() -> {
                try {
                    add(replicaB, "b");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).join();
        })));
        assertThat(refused).as("A's append collides with B's on the unique key").isNotNull();
        assertThat(causes(refused)).anyMatch(ConcurrencyException.class::isInstance);
        assertThat(cacheA.containsKey("tally-1")).as("the rollback dropped A's entry").isFalse();
        assertThat(add(replicaA, "a")).as("loaded with B's change").isEqualTo(3);
    }

    private static List<Throwable> causes(Throwable thrown) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = thrown; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** Adds one to the tally in a unit of work of its own, as a command would; answers the count after it. */
    private int add(Repository<Tally> replica, String by) throws Exception {
        AtomicInteger count = new AtomicInteger();
        inUnitOfWork(() -> replica.load("tally-1").execute(tally -> {
            tally.add(by);
            count.set(tally.count);
        }));
        return count.get();
    }

    private static void inUnitOfWork(ThrowingRunnable work) throws Exception {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.registerCorrelationDataProvider(message -> java.util.Map.of(MetadataKeys.ACTOR, "user:test"));
        var result = unitOfWork.executeWithResult(() -> {
            work.run();
            return null;
        });
        if (result.isExceptional()) {
            throw new AssertionError("the unit of work failed", result.exceptionResult());
        }
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
