package io.modelledger.platform.projection;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Two durability classes for what event processors write. A write that a replay of its processor rebuilds (a
 * replayable processor's read model and its tracking token) is acknowledged once applied, without waiting
 * for the store's journal ({@code j:false}), and reaches disk with the next journal commit. Everything else
 * stays synced before its acknowledgement: the event store and its counter, idempotency records, sagas,
 * non-replayable processors (whose handlers act on the world) and the processors named in
 * {@code modelledger.projections.synced} (the key read model the gateway authenticates against, the audit
 * chain). A synced processor may still write a batch's first writes unjournaled when its last write of the batch
 * waits for the journal (the audit chain's head move does): that acknowledgement covers them.
 *
 * <p>Why a crash cannot leave a deferred read model wrong: a processor's handlers write its read model, then
 * Axon stores its token when the batch commits (it does so after the handlers only without a transaction
 * manager, which {@code EventStoreAutoConfiguration} checks at start-up), from one thread; and the store persists a
 * prefix of the writes it applied (it commits only between two writes, and every synced write persists all
 * applied before it). After a crash the token is therefore never ahead of the read model's writes; the processor
 * handles again the events after it, and projections apply an event idempotently.
 * {@code StandaloneKillIT} checks it: after {@code kill -9} under load every read model converges to what
 * a fresh replay builds.
 */
public final class ReadModelDurability {

    private static final String DEFERRED_WORK = ReadModelDurability.class.getName() + ".deferred";

    private final Supplier<EventProcessingConfiguration> processing;
    private final Set<String> synced;
    private final Map<String, Boolean> decided = new ConcurrentHashMap<>();

    public ReadModelDurability(Supplier<EventProcessingConfiguration> processing, Set<String> synced) {
        this.processing = processing;
        this.synced = Set.copyOf(synced);
    }

    /** Whether the processor's writes may wait for the next journal commit: it is replayable and not named synced. */
    public boolean deferred(String processorName) {
        Boolean known = decided.get(processorName);
        if (known != null) {
            return known;
        }
        Optional<EventProcessor> processor = processing.get().eventProcessor(processorName);
        if (processor.isEmpty()) {
            return false; // not built yet: synced, and asked again next time
        }
        // a subscribing processor handles events in the unit of work of the command that published them
        boolean deferred = !synced.contains(processorName)
                && processor.get() instanceof StreamingEventProcessor streaming && streaming.supportsReset();
        decided.put(processorName, deferred);
        return deferred;
    }

    /** Marks the unit of work of a deferred processor, so its read-model writes go out {@link #unjournaled}. */
    public MessageHandlerInterceptor<EventMessage<?>> interceptor(String processorName) {
        return (unitOfWork, chain) -> {
            if (deferred(processorName)) {
                unitOfWork.resources().putIfAbsent(DEFERRED_WORK, Boolean.TRUE);
            }
            return chain.proceed();
        };
    }

    /**
     * Whether this thread is handling events for a deferred processor. Only the unit of work itself counts: a
     * command it dispatches runs in a nested unit of work, whose writes stay synced.
     */
    public static boolean inDeferredWork() {
        return CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().resources().containsKey(DEFERRED_WORK);
    }

    /** The database as the current work should write to it. */
    public static MongoDatabase forCurrentWork(MongoDatabase database) {
        return inDeferredWork() ? unjournaled(database) : database;
    }

    /** The database writing with {@code j: false}: acknowledged once applied; the database's {@code w} is kept. */
    public static MongoDatabase unjournaled(MongoDatabase database) {
        return database.withWriteConcern(database.getWriteConcern().withJournal(false));
    }

    /** The collection writing with {@code j: false}, like {@link #unjournaled(MongoDatabase)}. */
    public static <T> MongoCollection<T> unjournaled(MongoCollection<T> collection) {
        return collection.withWriteConcern(collection.getWriteConcern().withJournal(false));
    }
}
