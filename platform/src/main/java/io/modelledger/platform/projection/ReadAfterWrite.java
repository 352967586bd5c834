package io.modelledger.platform.projection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * An answer to a write that names what it created (a 201 or 202 with its Location) waits, briefly, until a read
 * model can show it: a client that follows the Location at once then finds it instead of a 404. The write is done
 * either way, so the answer never fails after the fact: after {@link #PATIENCE}, or when the read model cannot be
 * asked, it goes out regardless, and the read model catches up on its own.
 */
public final class ReadAfterWrite {

    private static final Logger log = LoggerFactory.getLogger(ReadAfterWrite.class);

    public static final Duration PATIENCE = Duration.ofSeconds(2);

    private ReadAfterWrite() {
    }

    /**
     * As {@link #await(BooleanSupplier)}, for a write that {@code processor}'s read model shows; but returns at once while
     * that read model is held at an event, stopped or being replayed on this replica, since it would not show the write
     * within the patience: each such answer would cost its caller the whole wait for nothing.
     */
    public static void await(ProjectionGate gate, String processor, BooleanSupplier readable) {
        try {
            gate.requireRunning(processor);
            gate.requireNotReplaying(processor);
        } catch (RuntimeException e) {
            log.warn("The write is done; the {} read model is not waited for: {}", processor, e.getMessage());
            return;
        }
        await(readable);
    }

    /**
     * Returns once {@code readable} holds, after {@link #PATIENCE}, or when asking fails (logged). It asks again after
     * 5, 10, 20 … ms, at most every 200 ms: about a dozen queries when the read model is behind (held, replaying), not
     * one every few milliseconds for each request that waits.
     */
    public static void await(BooleanSupplier readable) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        long pause = 5;
        try {
            long left;
            while (!readable.getAsBoolean() && (left = deadline - System.nanoTime()) > 0) {
                Thread.sleep(Math.max(1, Math.min(pause, left / 1_000_000))); // never past the patience
                pause = Math.min(200, pause * 2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("The write is done, but whether its read model shows it yet could not be checked: {}", e.toString());
        }
    }
}
