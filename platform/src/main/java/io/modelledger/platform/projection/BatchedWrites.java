package io.modelledger.platform.projection;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.UpdateDefinition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A read model's writes, gathered over its event processor's batch and sent, once the batch's last event is handled,
 * as one ordered bulk write per collection. A tracking processor that writes each event's documents one command at a
 * time waits for the store once per command; under 16 writers the registry's catalog, with two commands per event,
 * fell seconds behind the store and stayed behind while the load lasted (docs/benchmarks.md). Outside an event's unit
 * of work (a test calling a handler) a write is made at once.
 *
 * <p>The writes go out from a handler interceptor every processor has ({@link #sentAfterTheLastEventOfEachBatch()}),
 * not when the unit of work prepares to commit: the processor stores its token in that phase, from a handler it
 * registered before any of ours, and without a transaction a token stored before a failed write would move the
 * processor past events whose writes never reached the store.
 *
 * <p>Only for handlers that write and never read their own read model (a read in the batch would not see the writes
 * gathered before it), with writes that apply twice as once (upserts by key, {@code $set}, {@code $max}, whole
 * replacements): a batch that fails is handled again from its first event, and the bulk writes that ran before the
 * failure apply again. While a processor is held, its read model may already show some writes of events after the
 * held one: the batch is written a collection at a time.
 *
 * <p>A write that fails holds the processor at the event that asked for it, as a failing handler does
 * ({@link ProjectionFailures}): the bulk write's error names the write, the write its event. An admin's eviction of
 * that event drops its writes, and the rest of the batch is written.
 */
public final class BatchedWrites {

    private static final String PENDING = BatchedWrites.class.getName() + ".pending";

    private record Write(Class<?> type, Consumer<BulkOperations> operation, EventMessage<?> event) {
    }

    /** A write of the batch the store refused, with why. */
    private static final class Refused extends RuntimeException {
        final transient Write write;

        Refused(Write write, BulkOperationException cause) {
            super(cause);
            this.write = write;
        }
    }

    private final MongoTemplate mongo;
    private final ProjectionFailures failures;
    private final String processor;

    public BatchedWrites(MongoTemplate mongo, ProjectionFailures failures, String processor) {
        this.mongo = mongo;
        this.failures = failures;
        this.processor = processor;
    }

    /**
     * The handler interceptor that sends a batch's gathered writes after its last event has been handled (after each
     * event for a processor whose units of work hold one), before the processor stores its token. A write the store
     * refuses fails the unit of work, so the token stays where it was.
     */
    public static MessageHandlerInterceptor<EventMessage<?>> sentAfterTheLastEventOfEachBatch() {
        return (unitOfWork, chain) -> {
            Object result = chain.proceed();
            if (!(unitOfWork instanceof BatchingUnitOfWork<?> batch) || batch.isLastMessage()) {
                Map<BatchedWrites, List<Write>> pending = unitOfWork.getResource(PENDING);
                if (pending != null) {
                    pending.forEach(BatchedWrites::send);
                    pending.clear();
                }
            }
            return result;
        };
    }

    /** Updates the document the query finds, creating it if there is none. */
    public void upsert(Query query, UpdateDefinition update, Class<?> type) {
        add(type, bulk -> bulk.upsert(query, update), () -> mongo.upsert(query, update, type));
    }

    /** Updates the first document the query finds, if there is one. */
    public void updateFirst(Query query, UpdateDefinition update, Class<?> type) {
        add(type, bulk -> bulk.updateOne(query, update), () -> mongo.updateFirst(query, update, type));
    }

    /** Replaces the document the query finds with {@code document}, or inserts it. */
    public void replace(Query query, Object document) {
        FindAndReplaceOptions upsert = FindAndReplaceOptions.options().upsert();
        add(document.getClass(), bulk -> bulk.replaceOne(query, document, upsert), () -> mongo.findAndReplace(query, document, upsert));
    }

    private void add(Class<?> type, Consumer<BulkOperations> operation, Runnable now) {
        // the current unit of work, not its root: a subscribing processor handles events in units nested in the command's
        UnitOfWork<?> work = CurrentUnitOfWork.map(u -> u).orElse(null);
        if (work == null || !(work.getMessage() instanceof EventMessage<?> event)) {
            now.run(); // not handling an event (a test calling a handler): at once
            return;
        }
        Map<BatchedWrites, List<Write>> pending = work.getOrComputeResource(PENDING, key -> new LinkedHashMap<>());
        pending.computeIfAbsent(this, key -> new ArrayList<>()).add(new Write(type, operation, event));
    }

    private void send(List<Write> writes) {
        while (!writes.isEmpty()) {
            try {
                execute(writes);
                return;
            } catch (Refused refused) {
                EventMessage<?> event = refused.write.event();
                // held: records the event and throws; evicted by an admin: returns, and the event's writes are dropped
                failures.failed(processor, (BulkOperationException) refused.getCause(), event);
                writes.removeIf(write -> write.event().getIdentifier().equals(event.getIdentifier()));
            }
        }
    }

    /** One ordered bulk write per collection, in the order the collections were first written. */
    private void execute(List<Write> writes) {
        Map<Class<?>, List<Write>> byType = new LinkedHashMap<>();
        writes.forEach(write -> byType.computeIfAbsent(write.type(), t -> new ArrayList<>()).add(write));
        for (Map.Entry<Class<?>, List<Write>> collection : byType.entrySet()) {
            BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.ORDERED, collection.getKey());
            collection.getValue().forEach(write -> write.operation().accept(bulk));
            try {
                bulk.execute();
            } catch (BulkOperationException e) {
                if (e.getErrors().isEmpty()) {
                    throw e; // not a write's error (the write concern's): the batch fails as a whole and is retried
                }
                throw new Refused(collection.getValue().get(e.getErrors().get(0).getIndex()), e);
            }
        }
    }
}
