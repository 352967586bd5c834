package io.modelledger.console.audit;

import org.springframework.stereotype.Component;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory all sessions together may hold in signed exports, being fetched or kept for download: without it, many
 * auditors (or one person with many sessions) exporting at once could hold 64 MiB each until the heap runs out.
 * When it is spent, an export is refused in words (try again shortly, or use the CLI) rather than failing the console.
 */
@Component
final class ExportBudget {

    /** 256 MiB, or a quarter of the heap when that is less. */
    static final long DEFAULT_LIMIT = Math.min(256L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 4);

    private final long limit;
    private final AtomicLong held = new AtomicLong();

    ExportBudget() {
        this(DEFAULT_LIMIT);
    }

    ExportBudget(long limit) {
        this.limit = limit;
    }

    /** Takes {@code bytes} from the budget, or nothing and false when they are not there. */
    boolean reserve(long bytes) {
        while (true) {
            long now = held.get();
            if (now + bytes > limit) {
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        held.addAndGet(-bytes);
    }

    long held() {
        return held.get();
    }
}
