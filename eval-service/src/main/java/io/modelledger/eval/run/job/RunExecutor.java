package io.modelledger.eval.run.job;

import io.modelledger.contracts.eval.MetricSpec;
import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.contracts.metadata.SystemActors;
import io.modelledger.eval.metric.CaseOutcome;
import io.modelledger.checks.Checks;
import io.modelledger.checks.TextEmbeddings;
import io.modelledger.eval.metric.CaseAssertions;
import io.modelledger.eval.metric.MetricEngine;
import io.modelledger.eval.metric.MetricKind;
import io.modelledger.eval.run.api.CompleteEvaluationRun;
import io.modelledger.eval.run.api.FailEvaluationRun;
import io.modelledger.eval.run.api.RunId;
import io.modelledger.eval.run.api.CaseResult;
import io.modelledger.eval.run.targets.EvalProperties;
import io.modelledger.eval.run.targets.Target;
import io.modelledger.eval.run.targets.Targets;
import io.modelledger.eval.run.query.RunDocument;
import io.modelledger.eval.run.query.RunStore;
import io.modelledger.eval.suite.api.SuiteCase;
import io.modelledger.eval.suite.query.SuiteCatalogStore;
import io.modelledger.eval.suite.query.SuiteStore;
import io.modelledger.eval.suite.query.SuiteVectorStore;
import io.modelledger.platform.metadata.SystemMetadata;
import io.modelledger.platform.observe.OutboundHttp;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Executes runs. Any instance may claim a started run (a lease in {@code eval_runs}, renewed while it
 * works); cases are answered on virtual threads with at most the run's concurrency of calls to the target, scored
 * (embeddings are batched across them by {@code MiniLmEmbeddings}, and what they are compared with comes from
 * {@link SuiteVectorStore}), and stored in batches, so a run that loses its instance (crash, restart, scale-in) is
 * claimed again after its lease and resumes with the cases still unanswered. A run that keeps losing its executor
 * ({@code maxClaims}) is failed with the reason, and one whose cases all failed is failed too; the others
 * end with {@code EvaluationCompleted}, carrying the trace of the request that started the run.
 */
@Component
class RunExecutor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);
    private static final int BATCH = 128;
    /** Answered cases that may wait for their scores at once, beyond the run's calls in flight (MiniLM takes 8 per core). */
    static final int SCORING = 64;

    private final RunStore runs;
    private final SuiteCatalogStore catalog;
    private final SuiteStore suites;
    private final SuiteVectorStore vectors;
    private final Targets targets;
    private final Checks checks;
    private final CommandGateway commands;
    private final EvalProperties properties;
    private final OutboundHttp tracing;
    private final Clock clock;
    private final String owner = "eval-" + UUID.randomUUID();
    private final Map<String, AtomicBoolean> active = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;
    private volatile boolean running;

    RunExecutor(RunStore runs, SuiteCatalogStore catalog, SuiteStore suites, SuiteVectorStore vectors, Targets targets, Checks checks,
                CommandGateway commands, EvalProperties properties, OutboundHttp tracing, Clock clock) {
        this.clock = clock;
        this.tracing = tracing;
        this.runs = runs;
        this.catalog = catalog;
        this.suites = suites;
        this.vectors = vectors;
        this.targets = targets;
        this.checks = checks;
        this.commands = commands;
        this.properties = properties;
    }

    @Override
    public void start() {
        running = true;
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("eval-runs").daemon().factory());
        long poll = properties.poll().toMillis();
        scheduler.scheduleWithFixedDelay(this::claimAll, poll, poll, TimeUnit.MILLISECONDS);
        long renew = Math.max(100, properties.lease().toMillis() / 3);
        scheduler.scheduleWithFixedDelay(this::renewAll, renew, renew, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        scheduler.shutdownNow();
        active.forEach((runId, stop) -> {
            stop.set(true);
            runs.release(runId, owner);
        });
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @EventListener
    void on(io.modelledger.eval.run.query.RunProjection.RunQueued queued) {
        if (running) {
            scheduler.execute(this::claimAll);
        }
    }

    private void claimAll() {
        try {
            while (running && active.size() < properties.parallelRuns()) {
                var claimed = runs.claim(owner, properties.lease(), clock.instant());
                if (claimed.isEmpty()) {
                    return;
                }
                RunDocument run = claimed.get();
                AtomicBoolean stop = new AtomicBoolean();
                active.put(run.runId(), stop);
                Thread.ofVirtual().name("eval-run-" + run.runId()).start(() -> {
                    // the run continues the trace of the request that started it
                    Span span = tracing.tracer().spanBuilder("evaluation run " + run.suiteName())
                                       .setParent(tracing.contextOf(run.traceparent()))
                                       .setAttribute("modelledger.run.id", run.runId()).startSpan();
                    try (Scope ignored = span.makeCurrent()) {
                        execute(run, stop);
                    } catch (RuntimeException e) {
                        if (running && !stop.get()) {
                            log.warn("Run {} failed", run.runId(), e);
                            fail(run, "the executor failed: " + e.getMessage());
                        } else {
                            log.info("Run {} interrupted by shutdown; another claim resumes it", run.runId());
                        }
                    } finally {
                        span.end();
                        active.remove(run.runId());
                    }
                });
            }
        } catch (RuntimeException e) {
            log.warn("Could not claim runs", e);
        }
    }

    private void renewAll() {
        active.forEach((runId, stop) -> {
            try {
                if (!runs.renew(runId, owner, properties.lease(), clock.instant())) {
                    stop.set(true); // cancelled, finished, or another instance took it over
                }
            } catch (RuntimeException e) {
                log.warn("Could not renew the lease of run {}", runId, e);
            }
        });
    }

    void execute(RunDocument run, AtomicBoolean stop) {
        if (run.claims() > properties.maxClaims()) {
            fail(run, "abandoned: its executor stopped " + (run.claims() - 1) + " times before it finished");
            return;
        }
        List<MetricSpec> specs = catalog.version(run.suiteName(), run.suiteVersion())
                                        .orElseThrow(() -> new IllegalStateException("suite version is unknown")).metrics();
        List<SuiteCase> cases = suites.cases(run.suiteSha256());
        List<String> caseIds = cases.stream().map(SuiteCase::id).toList();
        Set<String> answered = runs.answered(run.runId(), caseIds);
        Target target = targets.create(run);
        List<MetricSpec> perCase = specs.stream()
                                        .filter(s -> MetricKind.of(s.metric()).map(k -> k.family() == MetricKind.Family.CHECK).orElse(false))
                                        .toList();
        // the run's concurrency bounds the calls to the target; scoring a case (waiting for its embeddings in a shared
        // batch) does not hold a call's place, so the endpoint stays busy while earlier answers are scored
        int concurrency = targets.concurrency(run);
        Semaphore calls = new Semaphore(concurrency);
        Semaphore inFlight = new Semaphore(concurrency + SCORING);
        List<CaseResult> batch = new ArrayList<>();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<Integer, CompletableFuture<TextEmbeddings>> chunks = new java.util.HashMap<>();
            for (int position = 0; position < cases.size(); position++) {
                SuiteCase c = cases.get(position);
                if (stop.get()) {
                    break;
                }
                if (answered.contains(c.id())) {
                    continue;
                }
                // the stored vectors of what a chunk's answers are compared with: asked for the next chunk while this one's calls run
                int chunk = SuiteVectorStore.chunkOf(position);
                for (int k = chunk; k <= chunk + 1 && !SuiteVectorStore.casesOf(cases, k).isEmpty(); k++) {
                    int ahead = k;
                    chunks.computeIfAbsent(k, x -> vectors.chunk(run.suiteSha256(), ahead, SuiteVectorStore.casesOf(cases, ahead), perCase));
                }
                chunks.keySet().removeIf(k -> k < chunk);
                CompletableFuture<TextEmbeddings> scoring = chunks.get(chunk);
                inFlight.acquireUninterruptibly();
                workers.execute(Context.current().wrap(() -> {
                    try {
                        calls.acquireUninterruptibly();
                        Target.Answer answer;
                        try {
                            if (stop.get()) {
                                return; // cancelled, taken over or shutting down while it waited: the endpoint is not called
                            }
                            answer = call(target, c);
                        } finally {
                            calls.release();
                        }
                        CaseResult result = scored(run.runId(), c, answer, perCase, scoring);
                        List<CaseResult> full = null;
                        synchronized (batch) {
                            batch.add(result);
                            if (batch.size() >= BATCH) {
                                full = new ArrayList<>(batch);
                                batch.clear();
                            }
                        }
                        if (full != null) {
                            runs.saveResults(run.runId(), full);
                        }
                    } finally {
                        inFlight.release();
                    }
                }));
            }
        }
        runs.saveResults(run.runId(), batch);
        if (stop.get() || !running) {
            log.info("Run {} stopped before it finished (cancelled, taken over or shutting down)", run.runId());
            return;
        }
        finish(run, specs, cases);
    }

    private static Target.Answer call(Target target, SuiteCase c) {
        try {
            return target.answer(c);
        } catch (RuntimeException e) {
            return Target.Answer.failed(e.toString(), 0, 0);
        }
    }

    private CaseResult scored(String runId, SuiteCase c, Target.Answer answer, List<MetricSpec> perCase,
                              CompletableFuture<TextEmbeddings> embeddings) {
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, Object> details = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        if (answer.error() == null && !perCase.isEmpty()) {
            // on the calling virtual thread: embeddings wait for their batch (MiniLmEmbeddings), the rest is quick
            try {
                Checks checks = this.checks.using(embeddings.join());
                for (MetricSpec spec : perCase) {
                    if (MetricKind.ASSERTIONS.id().equals(spec.metric())) {
                        CaseAssertions.Judged judged = CaseAssertions.judge(c.assertions(), c.threshold(), checks, new CaseAssertions.Answer(
                                answer.output(), c.context(), answer.latencyMs(), answer.cost()));
                        scores.put(spec.name(), judged.score());
                        if (!judged.failures().isEmpty()) {
                            details.put(spec.name(), judged.failures());
                        }
                    } else {
                        Checks.Scored scored = checks.score(spec.metric(), spec.params(), answer.output(), c.expected(), c.context());
                        scores.put(spec.name(), scored.score());
                        if (scored.detail() != null) {
                            details.put(spec.name(), scored.detail());
                        }
                    }
                    if (failedBy(spec, scores.get(spec.name()))) {
                        failed.add(spec.name());
                    }
                }
            } catch (RuntimeException e) {
                answer = Target.Answer.failed("scoring failed: " + e.getMessage(), answer.latencyMs(), answer.attempts());
            }
        }
        return new CaseResult(CaseResult.id(runId, c.id()), runId, c.id(), answer.output(), answer.score(), answer.latencyMs(),
                              answer.attempts(), answer.promptTokens(), answer.completionTokens(), answer.cost(), answer.error(),
                              scores, details, failed);
    }

    /** Whether this case fails the check: see {@link CaseResult#failed}. */
    static boolean failedBy(MetricSpec spec, double score) {
        MetricKind kind = MetricKind.of(spec.metric()).orElseThrow();
        if (kind == MetricKind.ASSERTIONS || Checks.passFail(spec.metric(), spec.params())) {
            return score < 1;
        }
        if (kind.lowerIsBetter()) {
            return score > 0;
        }
        return spec.threshold() != null && !MetricEngine.passes(score, spec.threshold(), MetricEngine.comparator(spec));
    }

    private void finish(RunDocument run, List<MetricSpec> specs, List<SuiteCase> cases) {
        List<CaseOutcome> outcomes = runs.outcomes(run.runId(), cases);
        long failed = outcomes.stream().filter(CaseOutcome::failed).count();
        if (failed == outcomes.size()) {
            String first = outcomes.stream().map(CaseOutcome::error).findFirst().orElse("no cases");
            fail(run, "all " + outcomes.size() + " cases failed; the first: " + first);
            return;
        }
        MetricEngine.Result result = MetricEngine.evaluate(specs, outcomes);
        runs.recordOutcome(run.runId(), result);
        Map<String, Double> defined = new LinkedHashMap<>();
        result.values().forEach((name, value) -> {
            if (!Double.isNaN(value)) {
                defined.put(name, value);
            }
        });
        send(run, new CompleteEvaluationRun(new RunId(run.runId()), result.passed(), defined, result.verdicts(), (int) failed),
             "evaluation run finished");
    }

    private void fail(RunDocument run, String reason) {
        try {
            send(run, new FailEvaluationRun(new RunId(run.runId()), reason), "evaluation run failed");
        } catch (RuntimeException e) {
            log.warn("Could not record the failure of run {}: {}", run.runId(), e.getMessage());
        }
    }

    /** Sends a command as eval-service, within the trace of the request that started the run. */
    private void send(RunDocument run, Object command, String reason) {
        Map<String, String> metadata = SystemMetadata.of(SystemActors.EVAL, reason);
        if (run.traceparent() != null) {
            metadata.put(MetadataKeys.TRACEPARENT, run.traceparent());
        }
        if (run.requestId() != null) {
            metadata.put(MetadataKeys.REQUEST_ID, run.requestId());
        }
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metadata));
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
