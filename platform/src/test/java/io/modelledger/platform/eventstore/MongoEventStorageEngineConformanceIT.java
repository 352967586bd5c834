package io.modelledger.platform.eventstore;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.modelledger.platform.eventstore.EngineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What a governance log must guarantee, checked against the real MongoDB wire protocol (the embedded
 * server here, a mongo:8 replica set where Docker exists) and real Axon tracking processors.
 */
class MongoEventStorageEngineConformanceIT {

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private EngineFixture fixture(Duration gapTimeout) {
        EngineFixture fixture = new EngineFixture(b -> b.gapTimeout(gapTimeout));
        open.add(fixture);
        return fixture;
    }

    /** Records what a processor handled, in order, with the replay flag. */
    static class Recorder {
        final List<String> ids = new CopyOnWriteArrayList<>();
        final List<Long> positions = new CopyOnWriteArrayList<>();
        final List<ReplayStatus> statuses = new CopyOnWriteArrayList<>();

        @EventHandler
        void on(TestEvent event, TrackedEventMessage<?> message, ReplayStatus status) {
            ids.add(event.aggregateId() + ":" + event.sequence());
            positions.add(message.trackingToken().position().orElseThrow());
            statuses.add(status);
        }
    }

    @Test
    void twoWritersRacingOnOneAggregateExactlyOneWinsAndNothingPartialIsStored() throws Exception {
        EngineFixture f = fixture(Duration.ofSeconds(60));
        int rounds = 40;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < rounds; round++) {
                String aggregate = "agg-" + round;
                f.engine.appendEvents(event(aggregate, 0, "setup"));
                CyclicBarrier barrier = new CyclicBarrier(2);
                List<Future<String>> results = new ArrayList<>();
                for (String writer : List.of("a", "b")) {
                    results.add(pool.submit(() -> {
                        barrier.await();
                        try {
                            f.engine.appendEvents(List.of(event(aggregate, 1, writer), event(aggregate, 2, writer),
                                                          event(aggregate, 3, writer)));
                            return "won:" + writer;
                        } catch (ConcurrencyException e) {
                            return "lost";
                        }
                    }));
                }
                List<String> outcomes = new ArrayList<>();
                for (Future<String> r : results) {
                    outcomes.add(r.get());
                }
                assertThat(outcomes).containsOnlyOnce("lost").anyMatch(o -> o.startsWith("won:"));
                String winner = outcomes.stream().filter(o -> o.startsWith("won:")).findFirst().orElseThrow().substring(4);

                List<TestEvent> stored = f.engine.readEvents(aggregate).asStream()
                                                 .map(m -> (TestEvent) m.getPayload()).toList();
                assertThat(stored).extracting(TestEvent::sequence).containsExactly(0L, 1L, 2L, 3L);
                assertThat(stored.subList(1, 4)).extracting(TestEvent::writer).containsOnly(winner);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(f.engine.lastSequenceNumberFor("agg-7")).contains(3L);
    }

    @Test
    void multiEventCommitIsAllOrNothingAndItsRejectedIndexesDoNotBlockTrackers() {
        EngineFixture f = fixture(Duration.ofSeconds(60));
        f.engine.appendEvents(event("order", 0, "first"), event("order", 1, "first"));

        // the third event collides with the stored sequence 1 of "order": the whole commit must fail
        assertThatThrownBy(() -> f.engine.appendEvents(List.of(event("other", 0, "second"), event("other", 1, "second"),
                                                               event("order", 1, "second"), event("other", 2, "second"))))
                .isInstanceOf(ConcurrencyException.class);
        assertThat(f.engine.readEvents("other").asStream().count()).isZero();
        assertThat(f.engine.readEvents("order").asStream().map(m -> ((TestEvent) m.getPayload()).writer()))
                .containsExactly("first", "first");

        f.engine.appendEvents(event("after", 0, "third"));
        List<String> tracked = f.engine.readEvents((TrackingToken) null, false)
                                       .map(m -> ((TestEvent) m.getPayload()).aggregateId()).toList();
        // with a 60 s gap timeout the tracker would wait for the rejected indexes unless they were filled
        assertThat(tracked).containsExactly("order", "order", "after");
    }

    @Test
    void aWriterThatReservesIndexesAndDiesLeavesAGapThatTrackersPassAfterTheTimeout() {
        EngineFixture f = fixture(Duration.ofMillis(1500));
        f.engine.appendEvents(event("before", 0, "w"));
        long dead = f.engine.reserve(2); // a writer reserves two indexes and dies before inserting
        f.engine.appendEvents(event("after", 0, "w"));

        Recorder recorder = new Recorder();
        TrackingEventProcessor processor = f.processor("gap-passing", recorder);
        long started = System.nanoTime();
        processor.start();

        await().atMost(Duration.ofSeconds(1)).until(() -> recorder.ids.contains("before:0"));
        assertThat(recorder.ids).as("the tracker waits at the gap while it may still be filled").doesNotContain("after:0");
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.ids.contains("after:0"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        assertThat(recorder.ids).containsExactly("before:0", "after:0");

        GapAwareTrackingToken token = (GapAwareTrackingToken) WrappedToken.unwrapLowerBound(f.tokenStore.fetchToken("gap-passing", 0));
        assertThat(token.getGaps()).containsExactly(dead - 1, dead);
    }

    @Test
    void aCommitDelayedLongerThanThreeSecondsIsDeliveredInGlobalOrderToALiveProcessor() throws Exception {
        SlowWriter slow = slowWriterFixture(Duration.ofSeconds(20), 3_500);
        EngineFixture f = slow.fixture;
        Recorder recorder = new Recorder();
        f.processor("live", recorder).start();
        f.engine.appendEvents(event("warmup", 0, "w"));
        await().atMost(Duration.ofSeconds(5)).until(() -> recorder.ids.size() == 1);

        Thread slowWriter = slow.appendSlowly(event("slow", 0, "slow"));
        f.engine.appendEvents(event("fast", 0, "fast")); // reserves the next index, commits at once

        slowWriter.join();
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.ids.size() == 3);
        assertThat(recorder.ids).containsExactly("warmup:0", "slow:0", "fast:0");
        assertThat(recorder.positions).isSorted();
        assertThat(f.engine.lateCommitCollection().countDocuments()).isZero();
    }

    @Test
    void aCommitLandingAfterTheGapTimeoutIsReportedAndStillDelivered() throws Exception {
        SlowWriter slow = slowWriterFixture(Duration.ofMillis(800), 2_500);
        EngineFixture f = slow.fixture;
        Recorder recorder = new Recorder();
        f.processor("late", recorder).start();

        Thread slowWriter = slow.appendSlowly(event("late", 0, "slow"));
        f.engine.appendEvents(event("on-time", 0, "fast"));
        await().atMost(Duration.ofSeconds(5)).until(() -> recorder.ids.contains("on-time:0"));
        slowWriter.join();

        await().atMost(Duration.ofSeconds(5)).until(() -> recorder.ids.contains("late:0"));
        assertThat(recorder.ids).containsExactly("on-time:0", "late:0");
        Document report = f.engine.lateCommitCollection().find().first();
        assertThat(report).isNotNull();
        assertThat(report.get("landedAfterMillis", Number.class).longValue()).isGreaterThanOrEqualTo(800);
    }

    @Test
    void aProcessorRestartedMidStreamResumesWithoutLossOrDuplicates() {
        EngineFixture f = fixture(Duration.ofSeconds(60));
        append(f, "first", 300);
        Recorder recorder = new Recorder();
        TrackingEventProcessor processor = f.processor("restartable", recorder);
        processor.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> recorder.ids.size() >= 120);
        processor.shutDown();

        append(f, "second", 200);
        Recorder afterRestart = new Recorder();
        TrackingEventProcessor restarted = f.processor("restartable", afterRestart);
        restarted.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> recorder.ids.size() + afterRestart.ids.size() >= 500);
        sleep(300); // anything extra would be a duplicate

        List<String> all = new ArrayList<>(recorder.ids);
        all.addAll(afterRestart.ids);
        assertThat(all).hasSize(500).doesNotHaveDuplicates();
        List<Long> positions = new ArrayList<>(recorder.positions);
        positions.addAll(afterRestart.positions);
        assertThat(positions).isSorted();
    }

    @Test
    void aReplayRedeliversEveryEventExactlyOnceWithTheReplayFlag() {
        EngineFixture f = fixture(Duration.ofSeconds(60));
        append(f, "r", 150);
        Recorder recorder = new Recorder();
        TrackingEventProcessor processor = f.processor("replayable", recorder);
        processor.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> recorder.ids.size() == 150);
        assertThat(recorder.statuses).containsOnly(ReplayStatus.REGULAR);

        processor.shutDown();
        processor.resetTokens();
        processor.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> recorder.ids.size() == 300);
        sleep(300);

        assertThat(recorder.ids).hasSize(300);
        List<String> replayed = recorder.ids.subList(150, 300);
        assertThat(replayed).doesNotHaveDuplicates().containsExactlyElementsOf(recorder.ids.subList(0, 150));
        assertThat(recorder.statuses.subList(150, 300)).containsOnly(ReplayStatus.REPLAY);
    }

    @Test
    void tokensStaySmallWhateverTheThroughput() throws Exception {
        EngineFixture f = fixture(Duration.ofSeconds(60));
        Recorder recorder = new Recorder();
        f.processor("small-token", recorder).start();
        int writers = 4;
        int perWriter = 250;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        AtomicInteger conflicts = new AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String writer = "w" + w;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        f.engine.appendEvents(event(writer + "-" + i, 0, writer));
                        try { // every writer also races for one shared aggregate: conflicts on purpose
                            f.engine.appendEvents(event("shared-" + i, 0, writer));
                        } catch (AggregateStreamCreationException e) {
                            conflicts.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        int expected = writers * perWriter + perWriter;
        await().atMost(Duration.ofSeconds(60)).until(() -> recorder.ids.size() == expected);
        assertThat(conflicts.get()).isEqualTo(perWriter * (writers - 1));

        TrackingToken token = WrappedToken.unwrapLowerBound(f.tokenStore.fetchToken("small-token", 0));
        SerializedObject<byte[]> serialized = EngineFixture.SERIALIZER.serialize(token, byte[].class);
        assertThat(((GapAwareTrackingToken) token).getGaps()).isEmpty();
        assertThat(serialized.getData().length).isLessThan(64);
        assertThat(recorder.positions).isSorted();
    }

    @Test
    void snapshotsAreStoredAndTheNewestWins() {
        EngineFixture f = fixture(Duration.ofSeconds(60));
        f.engine.appendEvents(event("snap", 0, "w"), event("snap", 1, "w"), event("snap", 2, "w"));
        f.engine.storeSnapshot(new GenericDomainEventMessage<>("TestAggregate", "snap", 2, new TestEvent("snap", 2, "snapshot"),
                                                               MetaData.emptyInstance()));
        f.engine.storeSnapshot(new GenericDomainEventMessage<>("TestAggregate", "snap", 1, new TestEvent("snap", 1, "older"),
                                                               MetaData.emptyInstance()));
        DomainEventMessage<?> snapshot = f.engine.readSnapshot("snap").orElseThrow();
        assertThat(snapshot.getSequenceNumber()).isEqualTo(2);
        assertThat(((TestEvent) snapshot.getPayload()).writer()).isEqualTo("snapshot");
        assertThat(f.engine.readEvents("snap", 3).asStream().count()).isZero();
        assertThat(f.engine.readEvents("snap", 1).asStream().map(DomainEventMessage::getSequenceNumber)).containsExactly(1L, 2L);
    }

    /** A stored event of an older revision is read through the upcaster chain. */
    @Test
    void upcastersRewriteOldRevisionsOnRead() {
        SingleEventUpcaster renameWriter = new SingleEventUpcaster() {
            @Override
            protected boolean canUpcast(IntermediateEventRepresentation ir) {
                return ir.getType().getName().equals(TestEvent.class.getName()) && ir.getType().getRevision() == null;
            }

            @Override
            protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation ir) {
                return ir.upcastPayload(new SimpleSerializedType(TestEvent.class.getName(), "2"),
                                        com.fasterxml.jackson.databind.JsonNode.class,
                                        node -> ((com.fasterxml.jackson.databind.node.ObjectNode) node)
                                                .put("writer", "upcast:" + node.get("writer").asText()));
            }
        };
        EngineFixture f = new EngineFixture(b -> b.upcasterChain(renameWriter));
        open.add(f);
        f.engine.appendEvents(event("old", 0, "v1"));
        DomainEventStream stream = f.engine.readEvents("old");
        assertThat(((TestEvent) stream.next().getPayload()).writer()).isEqualTo("upcast:v1");
        TrackedEventMessage<?> tracked = f.engine.readEvents((TrackingToken) null, false).findFirst().orElseThrow();
        assertThat(((TestEvent) tracked.getPayload()).writer()).isEqualTo("upcast:v1");
    }

    @Test
    void aTokenResetToAPointInTimeRedeliversFromThere() {
        EngineFixture f = fixture(Duration.ofSeconds(60));
        append(f, "early", 5);
        sleep(50);
        Instant cut = Instant.now();
        sleep(50);
        append(f, "late", 5);

        TrackingToken at = f.engine.createTokenAt(cut);
        List<String> after = f.engine.readEvents(at, false).map(m -> ((TestEvent) m.getPayload()).aggregateId()).toList();
        assertThat(after).hasSize(5).allMatch(id -> id.startsWith("late"));
        assertThat(f.engine.readEvents(f.engine.createHeadToken(), false).count()).isZero();
        assertThat(f.engine.readEvents(f.engine.createTailToken(), false).count()).isEqualTo(10);
    }

    @Test
    void aCounterThatFellBehindTheStoreIsRepairedInsteadOfFailingAppends() {
        EngineFixture f = fixture(Duration.ofSeconds(60));
        append(f, "before", 5);
        f.database.getCollection("event_counters").updateOne(new Document("_id", "global-index"),
                                                              new Document("$set", new Document("value", 2L)));

        f.engine.appendEvents(event("after", 0, "w"));

        List<? extends TrackedEventMessage<?>> all = f.engine.readEvents((TrackingToken) null, false).toList();
        assertThat(all).hasSize(6);
        assertThat(((TestEvent) all.getLast().getPayload()).aggregateId()).isEqualTo("after");
        assertThat(all.getLast().trackingToken().position()).hasValue(6L);
    }

    @Test
    void aCounterRestoredBehindTheStoreIsRepairedWhenAnEngineStartsSoTrackersReadOnInFullBatches() {
        EngineFixture f = fixture(Duration.ofSeconds(60));
        append(f, "before", 5);
        f.database.getCollection("event_counters").updateOne(new Document("_id", "global-index"),
                                                              new Document("$set", new Document("value", 2L)));

        MongoEventStorageEngine restarted = MongoEventStorageEngine.builder().database(f.database).eventSerializer(EngineFixture.SERIALIZER)
                                                                   .snapshotSerializer(EngineFixture.SERIALIZER).batchSize(50).build();

        assertThat(f.database.getCollection("event_counters").find(new Document("_id", "global-index")).first().get("value", Number.class)
                             .longValue()).isEqualTo(5L);
        assertThat(restarted.readEvents(GapAwareTrackingToken.newInstance(2, java.util.Set.of()), false).toList())
                .extracting(e -> e.trackingToken().position().orElseThrow()).containsExactly(3L, 4L, 5L);
    }

    @Test
    void anEventWithoutAnActorIsRefused() {
        EngineFixture f = fixture(Duration.ofSeconds(60));
        assertThatThrownBy(() -> f.engine.appendEvents(new GenericDomainEventMessage<>("TestAggregate", "x", 0,
                                                                                       new TestEvent("x", 0, "w"), MetaData.emptyInstance())))
                .isInstanceOf(MongoEventStorageEngine.MissingActorException.class);
        assertThat(f.engine.readEvents("x").asStream().count()).isZero();
    }

    /** An engine whose next commit, once armed, waits between reserving its indexes and inserting. */
    private record SlowWriter(EngineFixture fixture, AtomicBoolean armed, CountDownLatch reserved) {

        /** Appends on another thread and returns once that commit has reserved its indexes. */
        Thread appendSlowly(EventMessage<?> event) throws InterruptedException {
            armed.set(true);
            Thread writer = Thread.ofVirtual().start(() -> fixture.engine.appendEvents(event));
            reserved.await();
            return writer;
        }
    }

    private SlowWriter slowWriterFixture(Duration gapTimeout, long delayMillis) {
        AtomicBoolean armed = new AtomicBoolean();
        CountDownLatch reserved = new CountDownLatch(1);
        EngineFixture fixture = new EngineFixture(b -> b.gapTimeout(gapTimeout), b -> new MongoEventStorageEngine(b) {
            @Override
            protected void insertCommit(Document commit) {
                if (armed.compareAndSet(true, false)) {
                    reserved.countDown();
                    sleep(delayMillis);
                }
                super.insertCommit(commit);
            }
        });
        open.add(fixture);
        return new SlowWriter(fixture, armed, reserved);
    }

    private static void append(EngineFixture f, String prefix, int count) {
        for (int i = 0; i < count; i += 10) {
            List<EventMessage<?>> batch = new ArrayList<>();
            for (int j = i; j < Math.min(count, i + 10); j++) {
                batch.add(event(prefix + "-" + j, 0, "w"));
            }
            f.engine.appendEvents(batch);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
