package io.modelledger.platform.projection;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.UpdateDefinition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A read model's writes, gathered over its event processor's batch and sent, once the batch's last event is handled,
 * as one bulk write per collection. A tracking processor that writes each event's documents one command at a time
 * waits for the store once per command; under 16 writers the registry's catalog, with two commands per event, fell
 * seconds behind the store and stayed behind while the load lasted (docs/benchmarks.md). Outside an event's unit of
 * work (a test calling a handler) a write is made at once.
 *
 * <p>The writes go out from a handler interceptor every processor has ({@link #sentAfterTheLastEventOfEachBatch()}),
 * not when the unit of work prepares to commit: the processor stores its token in that phase, from a handler it
 * registered before any of ours, and without a transaction a token stored before a failed write would move the
 * processor past events whose writes never reached the store.
 *
 * <p>Only for handlers that write and never read their own read model (a read in the batch would not see the writes
 * gathered before it), with writes that apply twice as once (upserts by key, {@code $set}, {@code $max}, whole
 * replacements): a batch that fails is handled again from its first event, and what reached the store before the
 * failure applies again.
 *
 * <p>When a bulk write fails, for whatever reason, the batch is written again an event at a time, in the handlers'
 * order, as it was before batching, so the failure is the failure of one event: the processor is held at it, as
 * at a failing handler ({@link ProjectionFailures}, named in the admin API and health), and an admin's eviction lets
 * it pass without its remaining writes. A batch that holds the event a processor is held at is written that way from
 * the start. The collections' bulk writes go out in an order that follows each event's own order of writes
 * ({@link #collectionOrder}), so of the event whose write is refused only the writes it made before that one have been
 * sent, and an evicted event stays applied as far as it would have been written alone, as before batching (the
 * catalog: a model's {@code latestVersion} never names a version whose document was refused). A batch whose events
 * disagree on that order is written a write at a time. What a failed bulk write had already written of later events
 * stays (their writes to collections sent before the failing one; on the embedded server, which unlike MongoDB goes
 * on after a refused write of an ordered bulk write, also those after it): while a processor is held, its read model
 * may show writes of events after the held one. They are written again, whole, once the held event passes.
 */
public final class BatchedWrites {

    private static final Logger log = LoggerFactory.getLogger(BatchedWrites.class);
    private static final String PENDING = BatchedWrites.class.getName() + ".pending";

    record Write(Class<?> type, Consumer<BulkOperations> operation, EventMessage<?> event) {
    }

    private final MongoTemplate mongo;
    private final ProjectionFailures failures;
    private final String processor;

    public BatchedWrites(MongoTemplate mongo, ProjectionFailures failures, String processor) {
        this.mongo = mongo;
        this.failures = Objects.requireNonNull(failures, "failures");
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
        Optional<String> held = failures.failure(processor).map(ProjectionFailures.Failure::eventId);
        boolean retryingHeldEvent = held.isPresent() && writes.stream().anyMatch(w -> w.event().getIdentifier().equals(held.get()));
        if (!retryingHeldEvent) {
            Optional<List<Class<?>>> order = collectionOrder(writes);
            if (order.isEmpty()) {
                log.debug("{}: no order of its batch's collections keeps each event's order of writes; writing it a write at a time",
                          processor);
            } else {
                try {
                    sendInBulk(writes, order.get());
                    return;
                } catch (RuntimeException e) {
                    log.debug("{}: a bulk write of its batch failed; writing the batch an event at a time to find why", processor, e);
                }
            }
        }
        sendOneEventAtATime(writes);
    }

    /** One bulk write per collection, in an order that follows every event's own order of writes: the common case. */
    private void sendInBulk(List<Write> writes, List<Class<?>> order) {
        Map<Class<?>, List<Write>> byType = new LinkedHashMap<>();
        order.forEach(type -> byType.put(type, new ArrayList<>()));
        writes.forEach(write -> byType.get(write.type()).add(write));
        byType.forEach((type, ofType) -> {
            BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.ORDERED, type);
            ofType.forEach(write -> write.operation().accept(bulk));
            bulk.execute();
        });
    }

    /**
     * The order to send the batch's collections in so that each event's writes go out in the order its handler made
     * them: a collection an event writes before another is sent before it (ties in the order the batch first wrote
     * them). Then, of the event whose write the store refuses, only the writes it made before the refused one have been
     * sent, as when it was written alone, and an admin's eviction leaves it applied as far as it was before batching.
     * Empty, and the whole batch goes out a write at a time, if the events disagree (one writes A then B, another B
     * then A) or an event writes one collection twice (the embedded server, unlike MongoDB, goes on after a refused
     * write of an ordered bulk write, so the second could be applied after the first was refused). Each read model
     * maps one class to each of its collections, so a class stands for its collection.
     */
    static Optional<List<Class<?>>> collectionOrder(List<Write> writes) {
        Map<Class<?>, Set<Class<?>>> after = new LinkedHashMap<>();
        Map<Class<?>, Integer> before = new HashMap<>();
        Set<Class<?>> ofEvent = new HashSet<>();
        Write previous = null;
        for (Write write : writes) {
            after.computeIfAbsent(write.type(), type -> new LinkedHashSet<>());
            before.putIfAbsent(write.type(), 0);
            boolean sameEvent = previous != null && previous.event().getIdentifier().equals(write.event().getIdentifier());
            if (!sameEvent) {
                ofEvent.clear();
            }
            if (!ofEvent.add(write.type())) {
                return Optional.empty();
            }
            if (sameEvent && after.get(previous.type()).add(write.type())) {
                before.merge(write.type(), 1, Integer::sum);
            }
            previous = write;
        }
        List<Class<?>> order = new ArrayList<>();
        while (order.size() < after.size()) {
            Class<?> next = after.keySet().stream().filter(type -> before.get(type) == 0 && !order.contains(type))
                                 .findFirst().orElse(null);
            if (next == null) {
                return Optional.empty();
            }
            order.add(next);
            after.get(next).forEach(type -> before.merge(type, -1, Integer::sum));
        }
        return Optional.of(order);
    }

    /**
     * The batch's writes one at a time, in the order the handlers asked for them, as they were written before
     * batching: a write that fails is that event's failure. Held (recorded and thrown), the batch's later writes are
     * not sent; evicted by an admin, the event's remaining writes are dropped and the next event's follow. Writes
     * that a failed bulk write or an earlier attempt already made apply again unchanged.
     */
    private void sendOneEventAtATime(List<Write> writes) {
        String passed = null;
        for (Write write : writes) {
            if (write.event().getIdentifier().equals(passed)) {
                continue;
            }
            try {
                BulkOperations one = mongo.bulkOps(BulkOperations.BulkMode.ORDERED, write.type());
                write.operation().accept(one);
                one.execute();
            } catch (RuntimeException e) {
                failures.failed(processor, e, write.event()); // returns only if an admin evicted the event
                passed = write.event().getIdentifier();
            }
        }
    }
}
