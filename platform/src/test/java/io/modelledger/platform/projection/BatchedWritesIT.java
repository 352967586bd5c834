package io.modelledger.platform.projection;

import com.mongodb.client.model.IndexOptions;
import io.modelledger.platform.test.ProjectionHarness;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * A read model's batched writes on the test's MongoDB (the embedded wire server without Docker), driven as a tracking
 * processor drives them: a batch of events in one {@link BatchingUnitOfWork}, the writes sent by the interceptor after
 * its last event, a write the store refuses holding the processor at its event until an admin evicts it.
 */
class BatchedWritesIT {

    private static final String PROCESSOR = "batched-test";

    @org.springframework.data.mongodb.core.mapping.Document("batched_models")
    record Model(@Id String name, int latestVersion) {
    }

    @org.springframework.data.mongodb.core.mapping.Document("batched_versions")
    record Version(@Id String id, String model, int version, String artifact) {
    }

    /** What the catalog's handlers do, in their order: a version's document first, then the model's latest version. */
    sealed interface Event {
    }

    record ModelRegistered(String name) implements Event {
    }

    record VersionRegistered(String model, int version, String artifact) implements Event {
    }

    /** A handler that writes the model first and the version after: the reverse of {@link VersionRegistered}'s. */
    record VersionImported(String model, int version, String artifact) implements Event {
    }

    private final ProjectionHarness harness = ProjectionHarness.of(BatchedWritesIT.class);
    private ProjectionFailures failures = harness.failures();
    private BatchedWrites writes = new BatchedWrites(harness.mongo(), failures, PROCESSOR);

    @AfterEach
    void close() {
        harness.close();
    }

    private void handle(Event event) {
        switch (event) {
            case ModelRegistered registered -> latest(registered.name(), 0);
            case VersionRegistered registered -> {
                version(registered.model(), registered.version(), registered.artifact());
                latest(registered.model(), registered.version());
            }
            case VersionImported imported -> {
                latest(imported.model(), imported.version());
                version(imported.model(), imported.version(), imported.artifact());
            }
        }
    }

    private void version(String model, int version, String artifact) {
        String id = model + "/" + version;
        writes.replace(Query.query(where("_id").is(id)), new Version(id, model, version, artifact));
    }

    private void latest(String model, int version) {
        writes.upsert(Query.query(where("_id").is(model)), new Update().max("latestVersion", version), Model.class);
    }

    /** One batch of a tracking processor: each event through the interceptor in one unit of work; false if it failed. */
    private boolean batch(List<EventMessage<?>> events) {
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(events);
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> new DefaultInterceptorChain<EventMessage<?>>(
                unitOfWork, List.of(BatchedWrites.sentAfterTheLastEventOfEachBatch()),
                message -> {
                    handle((Event) message.getPayload());
                    return null;
                }).proceed());
        return !result.isExceptional();
    }

    private static List<EventMessage<?>> events(Event... events) {
        List<EventMessage<?>> messages = new ArrayList<>();
        for (Event event : events) {
            messages.add(GenericEventMessage.asEventMessage(event));
        }
        return messages;
    }

    private void oneVersionPerArtifact() {
        harness.mongo().getCollection("batched_versions")
               .createIndex(new Document("artifact", 1), new IndexOptions().unique(true));
    }

    private List<Integer> versions(String model) {
        return harness.mongo().find(Query.query(where("model").is(model)), Version.class).stream().map(Version::version).sorted().toList();
    }

    private int latestVersion(String model) {
        Model found = harness.mongo().findById(model, Model.class);
        return found == null ? -1 : found.latestVersion();
    }

    /**
     * Runs the batch as the processor retries it: held until the admin evicts the refused event, then passed; after
     * the eviction either on the same node (which remembers the held event and writes the batch a write at a time) or
     * after a restart (which does not, and tries the bulk writes first).
     */
    private void heldUntilEvicted(List<EventMessage<?>> batch, EventMessage<?> refused, boolean restart, Consumer<String> whileHeld) {
        assertThat(batch(batch)).as("the batch fails at the refused write").isFalse();
        assertThat(failures.failure(PROCESSOR)).as("held at the event whose write was refused")
                                               .hasValueSatisfying(f -> assertThat(f.eventId()).isEqualTo(refused.getIdentifier()));
        assertThat(batch(batch)).as("a retry before the eviction is held at the same event").isFalse();
        whileHeld.accept(refused.getIdentifier());
        failures.evict(PROCESSOR, refused.getIdentifier());
        if (restart) {
            failures = harness.failures();
            writes = new BatchedWrites(harness.mongo(), failures, PROCESSOR);
        }
        assertThat(batch(batch)).as("after the eviction the batch passes").isTrue();
        assertThat(failures.failure(PROCESSOR)).isEmpty();
    }

    @Test
    void aBatchGoesOutAsOneWritePerCollectionAndLeavesEveryEventsDocuments() {
        assertThat(batch(events(new ModelRegistered("a"), new VersionRegistered("a", 1, "s3://a/1"),
                                new ModelRegistered("b"), new VersionRegistered("a", 2, "s3://a/2")))).isTrue();
        assertThat(versions("a")).containsExactly(1, 2);
        assertThat(latestVersion("a")).isEqualTo(2);
        assertThat(latestVersion("b")).isZero();
    }

    @Test
    void anEvictedEventIsNotHalfAppliedWhenTheBatchWroteItsModelBeforeItsVersion() {
        oneVersionPerArtifact();
        // the batch's first event writes the models' collection, so first-written order would send the models' bulk
        // (with version 2's latestVersion) before the versions' bulk in which version 2's document is refused
        List<EventMessage<?>> batch = events(new ModelRegistered("m"), new VersionRegistered("m", 1, "s3://same"),
                                             new VersionRegistered("m", 2, "s3://same"), new ModelRegistered("n"));
        heldUntilEvicted(batch, batch.get(2), false, held -> assertThat(latestVersion("m"))
                .as("while held, the model does not name the version whose document was refused").isLessThan(2));

        assertThat(versions("m")).containsExactly(1);
        assertThat(latestVersion("m")).as("the evicted event left nothing behind").isEqualTo(1);
        assertThat(latestVersion("n")).as("the events after it are written").isZero();
    }

    @Test
    void afterARestartTheEvictedEventsBatchTriesItsBulkWritesFirstAndStillLeavesNothingOfIt() {
        oneVersionPerArtifact();
        List<EventMessage<?>> batch = events(new ModelRegistered("m"), new VersionRegistered("m", 1, "s3://same"),
                                             new VersionRegistered("m", 2, "s3://same"), new ModelRegistered("n"));
        heldUntilEvicted(batch, batch.get(2), true, held -> { });

        assertThat(versions("m")).containsExactly(1);
        assertThat(latestVersion("m")).isEqualTo(1);
        assertThat(latestVersion("n")).isZero();
    }

    @Test
    void eventsThatDisagreeOnTheOrderOfTheirWritesAreWrittenOneEventAtATime() {
        oneVersionPerArtifact();
        List<EventMessage<?>> batch = events(new VersionImported("m", 1, "s3://one"), new VersionRegistered("m", 2, "s3://one"),
                                             new VersionImported("m", 3, "s3://three"));
        heldUntilEvicted(batch, batch.get(1), false, held -> {
            assertThat(versions("m")).as("nothing after the held event is written while it is held").containsExactly(1);
            assertThat(latestVersion("m")).as("not even to a collection another event writes first").isEqualTo(1);
        });

        assertThat(versions("m")).containsExactly(1, 3);
        assertThat(latestVersion("m")).isEqualTo(3);
    }

    @Test
    void anImportedVersionsRefusedDocumentLeavesItsModelWrittenAsItWouldBeWithoutBatching() {
        oneVersionPerArtifact();
        // this handler writes the model first: an eviction keeps that write, as it did before batching
        List<EventMessage<?>> batch = events(new VersionImported("m", 1, "s3://same"), new VersionImported("m", 2, "s3://same"));
        heldUntilEvicted(batch, batch.get(1), false, held -> { });

        assertThat(versions("m")).containsExactly(1);
        assertThat(latestVersion("m")).isEqualTo(2);
    }
}
