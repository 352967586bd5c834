package io.modelledger.monitor.quality;

import io.modelledger.checks.Checks;
import io.modelledger.contracts.monitor.MonitoringPolicyDefined;
import io.modelledger.contracts.monitor.MonitoringPolicyDefined.OnlineCheck;
import io.modelledger.monitor.policy.query.PolicyStore;
import io.modelledger.monitor.telemetry.api.CallText;
import io.modelledger.monitor.telemetry.api.TelemetryStored;
import io.modelledger.monitor.telemetry.query.TelemetryStore;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Online scoring of live LLM outputs: after a batch is stored, the model's policy decides which share of its
 * outputs is scored ({@code onlineSampleRate}, chosen by a hash of each record's position, so a retry picks
 * the same ones) and with which checks (by default PII, toxicity, and groundedness where the trace retrieved
 * context). The checks are those evaluation suites use ({@code checks} module). Scoring runs on its own
 * thread, off the request; the queue is bounded by the characters it holds, and beyond that a document's scoring is
 * dropped (counted and logged), never the telemetry.
 * Scores are stored per record beside it; the text itself is kept only when the policy captures content,
 * for its retention.
 */
@Component
public class OnlineScoring {

    static final List<OnlineCheck> DEFAULT_CHECKS = List.of(new OnlineCheck("pii", "pii", Map.of()),
                                                            new OnlineCheck("toxicity", "toxicity", Map.of()),
                                                            new OnlineCheck("groundedness", "groundedness", Map.of()));
    /** What a check reads of an output and of its context: enough for any answer, bounded for the one scoring thread. */
    static final int MAX_SCORED_TEXT = 20_000;
    private static final Logger log = LoggerFactory.getLogger(OnlineScoring.class);

    /** The text one stored document needs scored (sampled rows only) and, where captured, kept. */
    record Task(String documentId, String model, Instant receivedAt, List<OnlineCheck> checks, List<String> outputs, List<String> contexts,
                List<String> capturedInputs, List<String> capturedOutputs, Duration keep, long chars) {
    }

    private final TelemetryStore store;
    private final PolicyStore policies;
    private final Checks checks;
    private final Clock clock;
    private final long maxQueuedChars;
    private final ThreadPoolExecutor executor;
    private final AtomicLong queuedChars = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** When each queued task was received, oldest first: how far scoring has caught up. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Instant> pending = new java.util.concurrent.ConcurrentLinkedQueue<>();

    OnlineScoring(TelemetryStore store, PolicyStore policies, Checks checks, Clock clock,
                  @Value("${modelledger.monitor.scoring-queue-chars:50000000}") long maxQueuedChars) {
        this.store = store;
        this.policies = policies;
        this.checks = checks;
        this.clock = clock;
        this.maxQueuedChars = maxQueuedChars;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
                                               Thread.ofPlatform().name("monitor-online-scoring").daemon().factory());
    }

    /**
     * On the ingesting thread: picks the sampled outputs (and, where captured, the text to keep) out of what was
     * stored, so the queue holds only that; beyond {@code scoring-queue-chars} queued characters a batch's scoring
     * is dropped (counted and logged), never its telemetry.
     */
    @EventListener
    void on(TelemetryStored stored) {
        for (TelemetryStored.StoredDocument document : stored.documents()) {
            Task task = prepare(document);
            if (task == null) {
                continue;
            }
            if (queuedChars.addAndGet(task.chars()) > maxQueuedChars) {
                queuedChars.addAndGet(-task.chars());
                if (dropped.incrementAndGet() % 100 == 1) {
                    log.warn("Online scoring is behind: {} documents' scoring dropped so far", dropped.get());
                }
                continue;
            }
            pending.add(task.receivedAt());
            executor.execute(() -> {
                try {
                    run(task);
                } catch (RuntimeException e) {
                    log.warn("Could not score the outputs of {}", task.documentId(), e);
                } finally {
                    queuedChars.addAndGet(-task.chars());
                    pending.remove(task.receivedAt());
                }
            });
        }
    }

    /**
     * Everything received before this instant has been scored (or dropped): now, when nothing waits. Windows whose
     * rules read online scores are judged only once scoring has caught up past them.
     */
    public Instant scoredThrough() {
        Instant oldest = pending.peek();
        return oldest == null ? clock.instant() : oldest;
    }

    /** Scores one stored document now, on the calling thread. */
    void score(TelemetryStored.StoredDocument document) {
        Task task = prepare(document);
        if (task != null) {
            run(task);
        }
    }

    Task prepare(TelemetryStored.StoredDocument document) {
        MonitoringPolicyDefined policy = policies.policy(document.model()).orElse(null);
        double rate = policy == null ? MonitoringPolicyDefined.DEFAULT_SAMPLE_RATE : policy.sampleRate();
        List<OnlineCheck> run = policy == null || policy.onlineChecks().isEmpty() ? DEFAULT_CHECKS : policy.onlineChecks();
        boolean capture = policy != null && policy.captureContent();
        int n = document.texts().size();
        List<String> outputs = new ArrayList<>(java.util.Collections.nCopies(n, (String) null));
        List<String> contexts = new ArrayList<>(java.util.Collections.nCopies(n, (String) null));
        List<String> inputs = capture ? new ArrayList<>(n) : null;
        List<String> kept = capture ? new ArrayList<>(n) : null;
        long chars = 0;
        boolean any = false;
        for (int i = 0; i < n; i++) {
            CallText text = document.texts().get(i);
            if (capture) {
                inputs.add(text == null ? null : cut(text.input(), TelemetryStore.MAX_CONTENT));
                kept.add(text == null ? null : cut(text.output(), TelemetryStore.MAX_CONTENT));
                chars += length(inputs.get(i)) + length(kept.get(i));
            }
            if (text != null && sampled(document.sampleKeys().get(i), rate)) {
                outputs.set(i, cut(text.output(), MAX_SCORED_TEXT));
                contexts.set(i, cut(text.context(), MAX_SCORED_TEXT));
                chars += length(outputs.get(i)) + length(contexts.get(i));
                any |= outputs.get(i) != null;
            }
        }
        if (!any && !capture) {
            return null;
        }
        Duration keep = !capture || policy.contentRetentionSeconds() == null ? store.retention() : Duration.ofSeconds(policy.contentRetentionSeconds());
        return new Task(document.documentId(), document.model(), clock.instant(), run, outputs, contexts, inputs, kept, keep, chars + 1);
    }

    private void run(Task task) {
        int n = task.outputs().size();
        Map<String, List<Double>> scores = new LinkedHashMap<>();
        Map<String, String> kinds = new LinkedHashMap<>();
        task.checks().forEach(check -> {
            scores.put(check.name(), new ArrayList<>(java.util.Collections.nCopies(n, (Double) null)));
            kinds.put(check.name(), check.check());
        });
        boolean any = false;
        for (int i = 0; i < n; i++) {
            String output = task.outputs().get(i);
            if (output == null) {
                continue;
            }
            String context = task.contexts().get(i);
            for (OnlineCheck check : task.checks()) {
                if (check.check().equals("groundedness") && (context == null || context.isBlank())) {
                    continue; // nothing retrieved: groundedness has nothing to judge against
                }
                scores.get(check.name()).set(i, checks.score(check.check(), check.params(), output, null, context).score());
                any = true;
            }
        }
        if (any) {
            scores.entrySet().removeIf(e -> e.getValue().stream().allMatch(java.util.Objects::isNull));
            kinds.keySet().retainAll(scores.keySet());
            store.saveScores(task.documentId(), scores, kinds);
        }
        if (task.capturedOutputs() != null) {
            store.saveContent(task.documentId(), task.capturedInputs(), task.capturedOutputs(), task.keep());
        }
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    private static long length(String text) {
        return text == null ? 0 : text.length();
    }

    /** Whether a record is in the sample: a stable hash of its key below the rate. */
    static boolean sampled(String key, double rate) {
        if (rate >= 1) {
            return true;
        }
        if (rate <= 0) {
            return false;
        }
        long hash = 1125899906842597L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash = 31 * hash + b;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        return (hash >>> 11) * 0x1.0p-53 < rate;
    }

    @PreDestroy
    void stop() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
