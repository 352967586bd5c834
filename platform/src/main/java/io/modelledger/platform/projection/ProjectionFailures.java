package io.modelledger.platform.projection;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Read models never drop an event silently. Every processing group's handler errors go through here: the
 * failing event is recorded for its processor and the error propagates, so the processor stops at that
 * event and retries it (with back-off) instead of moving past it. What is held is reported per processor
 * (health, metric, admin API) naming the event. Only an admin's eviction, itself an audited event, lets a
 * processor pass an event it cannot apply; the audit chain can never be passed.
 */
public final class ProjectionFailures implements ListenerInvocationErrorHandler {

    /** The event a processor is held at. */
    public record Failure(String processor, String eventId, String eventType, String error, Instant since) {

        /** "event &lt;id&gt; (&lt;type&gt;): &lt;error&gt;", as health, gates and logs name it. */
        public String describe() {
            return "event " + eventId + " (" + eventType + "): " + error;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ProjectionFailures.class);
    public static final String NEVER_EVICTED = "audit-log";

    private final Map<String, Failure> failures = new ConcurrentHashMap<>();
    /** Replays an admin started on this replica, until the processor is seen claiming its segments again. */
    private final Map<String, Instant> replays = new ConcurrentHashMap<>();
    private final MongoCollection<Document> evictions;

    private final Clock clock;

    public ProjectionFailures(MongoCollection<Document> evictions, Clock clock) {
        this.clock = clock;
        this.evictions = evictions;
    }

    @Override
    public void onError(Exception exception, EventMessage<?> event, EventMessageHandler eventHandler) throws Exception {
        failed(processorOf(eventHandler), exception, event);
    }

    /**
     * {@code processor} could not apply {@code event}: throws {@code exception}, holding the processor at the event,
     * unless an admin evicted the event, in which case it returns and the processor passes the event.
     */
    public <E extends Exception> void failed(String processor, E exception, EventMessage<?> event) throws E {
        if (!NEVER_EVICTED.equals(processor) && evicted(processor, event.getIdentifier())) {
            log.warn("{} passes event {} ({}), evicted by an admin: {}", processor, event.getIdentifier(),
                     event.getPayloadType().getSimpleName(), exception.toString());
            failures.remove(processor);
            return;
        }
        Failure previous = failures.get(processor);
        Instant since = previous != null && previous.eventId().equals(event.getIdentifier()) ? previous.since() : clock.instant();
        failures.put(processor, new Failure(processor, event.getIdentifier(), event.getPayloadType().getSimpleName(),
                                            exception.getClass().getSimpleName() + ": " + exception.getMessage(), since));
        throw exception;
    }

    /** The event a processor is held at, if it is held. */
    public Optional<Failure> failure(String processor) {
        return Optional.ofNullable(failures.get(processor));
    }

    /**
     * A processor's handler interceptor that forgets its failure once the held event has been applied (a
     * segment applies its events in order, so it cannot move past the held event without this). The
     * processor's own error state is no guide: between retries it releases its claim and looks healthy.
     */
    public MessageHandlerInterceptor<EventMessage<?>> clearedOnSuccess(String processor) {
        return (unitOfWork, chain) -> {
            Object result = chain.proceed();
            Failure held = failures.get(processor);
            if (held != null && held.eventId().equals(unitOfWork.getMessage().getIdentifier())) {
                unitOfWork.afterCommit(u -> failures.remove(processor, held)); // applied only once its batch commits
            }
            return result;
        };
    }

    /** Notes that {@code processor} is about to be reset and replayed (its read model is emptied first). */
    public void replayStarting(String processor) {
        replays.put(processor, clock.instant());
    }

    /**
     * Whether a replay started here may not have claimed its segments yet: between the reset that empties a
     * read model and the first claim, the processor does not report itself as replaying. Forgotten after 30 s.
     */
    public boolean replayPending(String processor, boolean claimed) {
        Instant started = replays.get(processor);
        if (started == null) {
            return false;
        }
        if (claimed || started.isBefore(clock.instant().minusSeconds(30))) {
            replays.remove(processor);
            return false;
        }
        return true;
    }

    public Map<String, Failure> all() {
        return Map.copyOf(failures);
    }

    /** Lets {@code processor} pass {@code eventId} when it next fails on it (the audit chain excepted). */
    public void evict(String processor, String eventId) {
        if (NEVER_EVICTED.equals(processor)) {
            throw new IllegalArgumentException("The audit chain never passes an event: fix the cause and retry");
        }
        try {
            evictions.insertOne(new Document("_id", processor + "/" + eventId).append("at", java.util.Date.from(clock.instant())));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    private boolean evicted(String processor, String eventId) {
        return evictions.find(Filters.eq("_id", processor + "/" + eventId)).first() != null;
    }

    /** The processing group of a handler, from its class's {@link ProcessingGroup} (the package name otherwise, as Axon assigns). */
    static String processorOf(EventMessageHandler handler) {
        Class<?> type = handler.getTargetType();
        ProcessingGroup group = type.getAnnotation(ProcessingGroup.class);
        return group != null ? group.value() : type.getPackageName();
    }
}
