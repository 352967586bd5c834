package io.modelledger.audit.query;

import io.modelledger.audit.api.AuditFilter;
import io.modelledger.audit.api.ChainVerification;
import io.modelledger.contracts.audit.AuditEntry;
import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.contracts.registry.ModelDetailsChanged;
import io.modelledger.platform.axon.AxonJackson;
import io.modelledger.platform.eventstore.MongoEventStorageEngine;
import io.modelledger.platform.test.ProjectionHarness;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit log's projection on the Mongo wire server, over a real event store: it chains what the store holds in
 * store order, a batch delivered again (after a crash or a replay) changes nothing, the chain verifies, and each
 * entry names its actor, request and subject for search.
 */
class AuditLogProjectionIT {

    private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");

    private final ProjectionHarness harness = ProjectionHarness.of(AuditLogProjection.class);
    private final MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(harness.mongo().getDb())
            .eventSerializer(AxonJackson.serializer()).snapshotSerializer(AxonJackson.serializer()).build();
    private final AuditLogProjection projection = new AuditLogProjection(harness.mongo().getMongoDatabaseFactory(), engine.reader());
    private final AuditEntries entries = new AuditEntries(harness.mongo().getMongoDatabaseFactory(), engine.reader());

    @BeforeEach
    void sixEventsOfTwoModelsInThreeCommits() {
        long[] sequence = new long[2];
        for (int commit = 0; commit < 3; commit++) {
            List<EventMessage<?>> batch = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                int model = (commit + i) % 2;
                batch.add(new GenericDomainEventMessage<>("Model", "model:m" + model, sequence[model]++,
                        new ModelDetailsChanged("m" + model, "description " + commit + "/" + i, "team", "high", Map.of()),
                        MetaData.with(MetadataKeys.ACTOR, "user:actor-" + i).and(MetadataKeys.REQUEST_ID, "req-" + commit),
                        eventId(commit * 2L + i + 1), T0.plusSeconds(60L * commit)));
            }
            engine.appendEvents(batch);
        }
    }

    @AfterEach
    void close() {
        harness.close();
    }

    private static String eventId(long position) {
        return "e-" + position;
    }

    private void deliver(long from, long to) {
        projection.chain(LongStream.rangeClosed(from, to).mapToObj(p -> new AuditLogProjection.Delivered(p, eventId(p))).toList());
    }

    @Test
    void aBatchDeliveredAgainChangesNothingAndTheChainVerifies() {
        deliver(1, 4);
        deliver(5, 6);
        var first = harness.documents();
        deliver(3, 6);
        deliver(1, 6);
        assertThat(harness.documents()).as("redelivered events leave the trail as it was").isEqualTo(first);
        ChainVerification verification = new AuditVerification(entries, engine.reader()).verify(100, List.of(), null);
        assertThat(verification.intact()).isTrue();
        assertThat(verification.checked()).isEqualTo(6);
    }

    /**
     * A batch's entries, links and postings are written before its head moves (unjournaled; the head's sync makes them
     * durable): until the head covers them, a crash may leave them to be chained again, so no search returns them.
     */
    @Test
    void entriesTheHeadDoesNotCoverYetAreNotFound() {
        deliver(1, 4);
        org.bson.Document headBefore = head();
        deliver(5, 6);
        putBack(headBefore); // as a crash before the head move leaves it
        AuditIndex index = new AuditIndex(harness.mongo().getMongoDatabaseFactory(), entries);
        AuditFilter actor = new AuditFilter(null, "user:actor-1", null, null, null, null, null, null);
        assertThat(index.search(actor, 0, 10).items()).extracting(AuditEntry::eventId).containsExactly("e-2", "e-4");
        assertThat(index.page(0, 10).items()).extracting(AuditEntry::eventId).containsExactly("e-1", "e-2", "e-3", "e-4");

        deliver(5, 6); // delivered again: the head moves over what was written
        assertThat(index.search(actor, 0, 10).items()).extracting(AuditEntry::eventId).containsExactly("e-2", "e-4", "e-6");
        assertThat(index.page(0, 10).items()).hasSize(6);
        assertThat(new AuditVerification(entries, engine.reader()).verify(100, List.of(), null).intact()).isTrue();
    }

    /** The chain's head document as stored. */
    private org.bson.Document head() {
        return harness.mongo().getDb().getCollection(AuditEntries.CHAIN).find(new org.bson.Document("_id", AuditLogProjection.HEAD)).first();
    }

    /** Puts a head read before back, as a crash before a batch's head move leaves the chain. */
    private void putBack(org.bson.Document head) {
        harness.mongo().getDb().getCollection(AuditEntries.CHAIN).replaceOne(new org.bson.Document("_id", AuditLogProjection.HEAD), head);
    }

    /** The chain holds the six events in this order, and verifies. */
    private void assertChainedInOrder(String... eventIds) {
        assertThat(entries.chainWindow(entries.head().orElseThrow(), 1, 6)).extracting(AuditEntry::eventId).containsExactly(eventIds);
        assertThat(new AuditVerification(entries, engine.reader()).verify(100, List.of(), null).intact()).isTrue();
    }

    private static AuditLogProjection.Delivered at(long position) {
        return new AuditLogProjection.Delivered(position, eventId(position));
    }

    /**
     * A crash after a batch's entries and links but before its head move, when a late event arrives in between: the
     * batch [4, 6] was chained while 5 was a gap, and the events come again as [4, 5, 6] (or in other batches). The
     * redelivery continues from what was linked (4, then 6) and appends 5, instead of giving 5 the sequence 6 holds and
     * failing on every retry as a fork.
     */
    @Test
    void aBatchLinkedBeforeACrashIsContinuedWhenALateEventArrivesInBetween() {
        deliver(1, 3);
        org.bson.Document headBefore = head();
        projection.chain(List.of(at(4), at(6)));
        putBack(headBefore); // the head did not move
        var beforeRedelivery = harness.documents();

        projection.chain(List.of(at(4), at(5)));
        projection.chain(List.of(at(6)));
        projection.chain(List.of(at(4), at(5), at(6)));

        assertChainedInOrder("e-1", "e-2", "e-3", "e-4", "e-6", "e-5");
        assertThat(beforeRedelivery).as("the state a crash left").isNotEqualTo(harness.documents());
    }

    /** A crash between a batch's entries and its links: [4, 6] wrote entries only, then come [4, 5] and [6]. */
    @Test
    void entriesWrittenWithoutTheirLinksBeforeACrashAreChainedAgainWhenALateEventComesFirst() {
        deliver(1, 3);
        org.bson.Document headBefore = head();
        projection.chain(List.of(at(4), at(6)));
        putBack(headBefore);
        harness.mongo().getDb().getCollection(AuditEntries.ORDER).deleteMany(new org.bson.Document("_id", new org.bson.Document("$gt", 3)));

        projection.chain(List.of(at(4), at(5)));
        projection.chain(List.of(at(6)));

        assertChainedInOrder("e-1", "e-2", "e-3", "e-4", "e-5", "e-6");
    }

    /**
     * The state the fork left before the fix: 4 and 6 chained and linked above the head, and 5 written after them at the
     * sequence 6 holds, unlinked. The redelivery keeps the linked order and chains 5 after it; nothing is dropped.
     */
    @Test
    void anEntryWrittenAtASequenceAnotherHoldsIsChainedAfterIt() {
        deliver(1, 3);
        org.bson.Document headBefore = head();
        projection.chain(List.of(at(4), at(5))); // 5 at sequence 5, then unlinked and the head put back
        putBack(headBefore);
        harness.mongo().getDb().getCollection(AuditEntries.ORDER).deleteOne(new org.bson.Document("_id", 5));
        projection.chain(List.of(at(4), at(6))); // 6 at sequence 5, linked; the head put back again
        putBack(headBefore);

        projection.chain(List.of(at(4), at(5), at(6)));

        assertChainedInOrder("e-1", "e-2", "e-3", "e-4", "e-6", "e-5");
    }

    /**
     * A batch that finds the next sequence taken by another writer's link (a claim taken over: the other writer read the
     * same head and linked first) is refused as a fork, and links nothing after the sequence it lost. Links written past
     * it would hold the sequences its retry, now after the other writer's entries, gives its events: refused as forks on
     * every retry, the chain stuck for good.
     */
    @Test
    void aBatchRefusedAsAForkLinksNothingAfterTheSequenceItLost() {
        deliver(1, 3);
        var order = harness.mongo().getDb().getCollection(AuditEntries.ORDER);
        order.insertOne(new org.bson.Document("_id", 4L).append("position", 99L)); // the other writer's link, its entry not read yet

        assertThatThrownBy(() -> projection.chain(List.of(at(4), at(6))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("forked");
        assertThat(order.find(new org.bson.Document("_id", new org.bson.Document("$gt", 4))).first())
                .as("no link above the sequence the batch lost").isNull();

        order.deleteOne(new org.bson.Document("_id", 4L)); // the other writer's batch failed in turn: its link is gone
        projection.chain(List.of(at(6), at(4))); // the retry, in another order
        projection.chain(List.of(at(5)));
        assertChainedInOrder("e-1", "e-2", "e-3", "e-6", "e-4", "e-5");
    }

    /**
     * The race itself: two writers read the same head (a claim taken over), the other one links and moves the head first,
     * and this batch's links are refused as a fork. Its retry chains its events after the other writer's: before links
     * were inserted in order, the link it had left above the lost sequence refused that retry, and every one after it.
     */
    @Test
    void aWriterThatLostTheRaceToAnotherIsChainedAfterItOnItsRetry() {
        deliver(1, 3);
        AuditLogProjection other = new AuditLogProjection(harness.mongo().getMongoDatabaseFactory(), engine.reader());
        boolean[] raced = {false};
        AuditLogProjection loser = new AuditLogProjection(beforeEachInsertInto(AuditEntries.ORDER, () -> {
            if (!raced[0]) {
                raced[0] = true;
                other.chain(List.of(at(5))); // links sequence 4 and moves the head, after the loser read it
            }
        }), engine.reader());

        assertThatThrownBy(() -> loser.chain(List.of(at(4), at(6))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("forked");
        loser.chain(List.of(at(4), at(6))); // the retry

        assertChainedInOrder("e-1", "e-2", "e-3", "e-5", "e-4", "e-6");
    }

    /**
     * The chain's first batch, when another writer created the head between this batch's read of it and its own insert:
     * a head with another hash refuses the batch (retried after it), and one with the same hash is the same head.
     */
    @Test
    void aFirstHeadCreatedMeanwhileMustBeTheSameHead() {
        var chainCollection = harness.mongo().getDb().getCollection(AuditEntries.CHAIN);
        AuditLogProjection first = new AuditLogProjection(beforeEachInsertInto(AuditEntries.CHAIN, () -> chainCollection.insertOne(
                new org.bson.Document("_id", AuditLogProjection.HEAD).append("sequence", 1L).append("position", 1L).append("hash", "other"))),
                engine.reader());
        assertThatThrownBy(() -> first.chain(List.of(at(1)))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("created concurrently");

        chainCollection.deleteMany(new org.bson.Document());
        projection.chain(List.of(at(1)));
        org.bson.Document created = head();
        chainCollection.deleteMany(new org.bson.Document());
        AuditLogProjection again = new AuditLogProjection(beforeEachInsertInto(AuditEntries.CHAIN, () -> chainCollection.insertOne(created)), engine.reader());
        again.chain(List.of(at(1)));
        assertThat(head()).isEqualTo(created);
    }

    /** The harness's database, where {@code race} runs before each insert into the named collection. */
    private org.springframework.data.mongodb.MongoDatabaseFactory beforeEachInsertInto(String collection, Runnable race) {
        var factory = harness.mongo().getMongoDatabaseFactory();
        var database = factory.getMongoDatabase();
        var racingDatabase = proxy(com.mongodb.client.MongoDatabase.class, database, (method, args) ->
                method.getName().equals("getCollection") && collection.equals(args[0])
                        ? racing((com.mongodb.client.MongoCollection<?>) invoke(method, database, args), race)
                        : invoke(method, database, args));
        return proxy(org.springframework.data.mongodb.MongoDatabaseFactory.class, factory, (method, args) ->
                method.getName().equals("getMongoDatabase") ? racingDatabase : invoke(method, factory, args));
    }

    private static Object racing(com.mongodb.client.MongoCollection<?> collection, Runnable race) {
        return proxy(com.mongodb.client.MongoCollection.class, collection, (method, args) -> {
            if (method.getName().equals("insertMany")) {
                race.run();
            }
            Object result = invoke(method, collection, args);
            return result instanceof com.mongodb.client.MongoCollection<?> derived ? racing(derived, race) : result;
        });
    }

    private interface Call {
        Object on(java.lang.reflect.Method method, Object[] args) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Object target, Call call) {
        return (T) java.lang.reflect.Proxy.newProxyInstance(AuditLogProjectionIT.class.getClassLoader(), new Class<?>[] {type},
                                                            (self, method, args) -> call.on(method, args == null ? new Object[0] : args));
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void entriesAreChainedInStoreOrderAndFoundByActorAndSubject() {
        deliver(1, 6);
        List<AuditEntry> chain = entries.chainWindow(entries.head().orElseThrow(), 1, 6);
        assertThat(chain).extracting(AuditEntry::eventId).containsExactly("e-1", "e-2", "e-3", "e-4", "e-5", "e-6");
        for (int i = 1; i < chain.size(); i++) {
            assertThat(chain.get(i).previousHash()).isEqualTo(chain.get(i - 1).hash());
        }
        AuditIndex index = new AuditIndex(harness.mongo().getMongoDatabaseFactory(), entries);
        assertThat(index.search(new AuditFilter(null, "user:actor-1", null, null, null, null, null, null), 0, 10).items())
                .extracting(AuditEntry::eventId).containsExactly("e-2", "e-4", "e-6");
        assertThat(index.search(new AuditFilter("model:m0", null, null, null, "req-1", null, null, null), 0, 10).items())
                .extracting(AuditEntry::eventId).containsExactly("e-4");
    }
}
