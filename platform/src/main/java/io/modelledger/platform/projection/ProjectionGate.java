package io.modelledger.platform.projection;

import io.modelledger.platform.domain.UnavailableException;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.time.Duration;

/**
 * Gates fail closed: a decision that reads a projection (promotion evidence, API keys) is refused, with the
 * reason, while that projection's processor is stopped or has not yet caught up with the event store.
 */
public final class ProjectionGate {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final ProjectionFailures failures;

    public ProjectionGate(EventProcessingConfiguration processing, EventStore eventStore, ProjectionFailures failures) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.failures = failures;
    }

    /** Returns when {@code processor} is running and not held at an event; else 503 (it may still be catching up). */
    public void requireRunning(String processor) {
        StreamingEventProcessor streaming = streaming(processor);
        requireNotHeld(processor, streaming);
        if (!streaming.isRunning()) {
            throw new UnavailableException("The " + processor + " read model is stopped; this decision waits until an admin has fixed or retried it");
        }
    }

    /** Returns once {@code processor} has every event the store had on entry, waiting up to {@code patience}; else 503. */
    public void requireCurrent(String processor, Duration patience) {
        StreamingEventProcessor streaming = streaming(processor);
        long head = position(eventStore.createHeadToken());
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            requireNotHeld(processor, streaming);
            if (!streaming.isRunning()) {
                throw new UnavailableException("The " + processor + " read model is not running; this decision waits for it");
            }
            long behind = behind(streaming, head);
            if (behind <= 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new UnavailableException("The " + processor + " read model is " + behind
                        + " event(s) behind the event store; retry in a moment");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException("Interrupted while waiting for the " + processor + " read model");
            }
        }
    }

    /** A segment's position in the event store: where it is now, or its token's position between batches. */
    public static long position(EventTrackerStatus status) {
        return status.getCurrentPosition().isPresent() ? status.getCurrentPosition().getAsLong() : position(status.getTrackingToken());
    }

    public static long position(TrackingToken token) {
        return token == null ? 0 : token.position().orElse(0);
    }

    private StreamingEventProcessor streaming(String processor) {
        return processing.eventProcessor(processor, StreamingEventProcessor.class)
                         .orElseThrow(() -> new IllegalStateException("No processor " + processor));
    }

    /** Returns unless {@code processor} is replaying (its read model rebuilt from empty) on this replica; else 503. */
    public void requireNotReplaying(String processor) {
        StreamingEventProcessor streaming = streaming(processor);
        if (streaming.isReplaying() || failures.replayPending(processor, !streaming.processingStatus().isEmpty())) {
            throw new UnavailableException("The " + processor + " read model is being rebuilt by a replay; retry shortly");
        }
    }

    /** Returns unless {@code processor} is in error or held at an event on this replica; else 503 with the reason. */
    public void requireNotHeld(String processor) {
        requireNotHeld(processor, streaming(processor));
    }

    private void requireNotHeld(String processor, StreamingEventProcessor streaming) {
        var failure = failures.failure(processor);
        if (streaming.isError() || failure.isPresent()) {
            throw new UnavailableException("The " + processor + " read model is stopped"
                    + failure.map(f -> " at " + f.describe()).orElse("")
                    + "; this decision waits until an admin has fixed or retried it");
        }
    }

    private static long behind(StreamingEventProcessor processor, long head) {
        long worst = 0;
        for (EventTrackerStatus status : processor.processingStatus().values()) {
            worst = Math.max(worst, head - position(status));
        }
        return processor.processingStatus().isEmpty() ? head : worst;
    }
}
