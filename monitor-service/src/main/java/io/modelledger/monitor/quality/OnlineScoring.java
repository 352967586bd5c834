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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Online scoring of live LLM outputs: after a batch is stored, the model's policy decides which share of its
 * outputs is scored ({@code onlineSampleRate}, chosen by a hash of each record's position, so a retry picks
 * the same ones) and with which checks (by default PII, toxicity, and groundedness where the trace retrieved
 * context). The checks are those evaluation suites use ({@code checks} module). Scoring runs on its own
 * thread, off the request: a full queue drops a batch's scoring (counted and logged), never the telemetry.
 * Scores are stored per record beside it; the text itself is kept only when the policy captures content,
 * for its retention.
 */
@Component
class OnlineScoring {

    static final List<OnlineCheck> DEFAULT_CHECKS = List.of(new OnlineCheck("pii", "pii", Map.of()),
                                                            new OnlineCheck("toxicity", "toxicity", Map.of()),
                                                            new OnlineCheck("groundedness", "groundedness", Map.of()));
    private static final Logger log = LoggerFactory.getLogger(OnlineScoring.class);

    private final TelemetryStore store;
    private final PolicyStore policies;
    private final Checks checks;
    private final ThreadPoolExecutor executor;
    private final AtomicLong dropped = new AtomicLong();

    OnlineScoring(TelemetryStore store, PolicyStore policies, Checks checks,
                  @Value("${modelledger.monitor.scoring-queue:1000}") int queue) {
        this.store = store;
        this.policies = policies;
        this.checks = checks;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                                               Thread.ofPlatform().name("monitor-online-scoring").daemon().factory(),
                                               (task, pool) -> {
                                                   if (dropped.incrementAndGet() % 100 == 1) {
                                                       log.warn("Online scoring is behind: {} batches' scoring dropped so far", dropped.get());
                                                   }
                                               });
    }

    @EventListener
    void on(TelemetryStored stored) {
        executor.execute(() -> stored.documents().forEach(document -> {
            try {
                score(document);
            } catch (RuntimeException e) {
                log.warn("Could not score the outputs of {}", document.documentId(), e);
            }
        }));
    }

    /** Batches whose scoring was dropped because the queue was full, since start. */
    long dropped() {
        return dropped.get();
    }

    void score(TelemetryStored.StoredDocument document) {
        MonitoringPolicyDefined policy = policies.policy(document.model()).orElse(null);
        double rate = policy == null ? MonitoringPolicyDefined.DEFAULT_SAMPLE_RATE : policy.sampleRate();
        List<OnlineCheck> run = policy == null || policy.onlineChecks().isEmpty() ? DEFAULT_CHECKS : policy.onlineChecks();
        int n = document.texts().size();
        Map<String, List<Double>> scores = new LinkedHashMap<>();
        Map<String, String> kinds = new LinkedHashMap<>();
        run.forEach(check -> {
            scores.put(check.name(), new ArrayList<>(java.util.Collections.nCopies(n, (Double) null)));
            kinds.put(check.name(), check.check());
        });
        boolean any = false;
        for (int i = 0; i < n; i++) {
            CallText text = document.texts().get(i);
            if (text == null || !sampled(document.sampleKeys().get(i), rate)) {
                continue;
            }
            String output = text.output();
            if (output == null) {
                continue;
            }
            String context = text.context();
            for (OnlineCheck check : run) {
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
            store.saveScores(document.documentId(), scores, kinds);
        }
        if (policy != null && policy.captureContent()) {
            Duration keep = policy.contentRetentionSeconds() == null ? store.retention() : Duration.ofSeconds(policy.contentRetentionSeconds());
            List<String> inputs = new ArrayList<>(n);
            List<String> outputs = new ArrayList<>(n);
            for (CallText text : document.texts()) {
                inputs.add(text == null ? null : text.input());
                outputs.add(text == null ? null : text.output());
            }
            store.saveContent(document.documentId(), inputs, outputs, keep);
        }
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
