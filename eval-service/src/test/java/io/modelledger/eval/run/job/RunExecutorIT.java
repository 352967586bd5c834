package io.modelledger.eval.run.job;

import io.modelledger.contracts.eval.MetricSpec;
import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.contracts.metadata.SystemActors;
import io.modelledger.checks.Checks;
import io.modelledger.checks.TextEmbeddings;
import io.modelledger.eval.run.api.CaseResult;
import io.modelledger.eval.run.api.CompleteEvaluationRun;
import io.modelledger.eval.run.api.FailEvaluationRun;
import io.modelledger.eval.run.query.RunDocument;
import io.modelledger.eval.run.query.RunStore;
import io.modelledger.eval.run.targets.EvalProperties;
import io.modelledger.eval.run.targets.Target;
import io.modelledger.eval.run.targets.Targets;
import io.modelledger.eval.suite.api.SuiteCase;
import io.modelledger.eval.suite.api.SuiteContent;
import io.modelledger.eval.suite.api.SuiteVersionView;
import io.modelledger.eval.suite.query.SuiteCatalogStore;
import io.modelledger.eval.suite.query.SuiteStore;
import io.modelledger.eval.suite.query.SuiteVectorStore;
import io.modelledger.platform.test.ProjectionHarness;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The run executor on the Mongo wire server, with a target that answers from a table: results are stored, a
 * resumed run asks only for the cases still unanswered, and the run ends with the verdict (or the failure)
 * sent as eval-service within the trace of the request that started it. Calls to the target stay within the run's
 * concurrency, and the texts a suite version compares answers with are embedded once, for every later run.
 */
class RunExecutorIT {

    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static final List<SuiteCase> CASES = List.of(new SuiteCase("1", "2+2", Map.of(), "4", null, Map.of(), List.of()),
                                                         new SuiteCase("2", "3+3", Map.of(), "6", null, Map.of(), List.of()),
                                                         new SuiteCase("3", "4+4", Map.of(), "8", null, Map.of(), List.of()));

    private final ProjectionHarness harness = ProjectionHarness.of(RunExecutor.class);
    private final RunStore runs = new RunStore(harness.mongo());
    private final SuiteStore suites = new SuiteStore(harness.mongo());
    private final Targets targets = mock(Targets.class);
    private final CommandGateway commands = mock(CommandGateway.class);
    private final Set<String> asked = ConcurrentHashMap.newKeySet();
    private final Map<String, String> answers = new ConcurrentHashMap<>(Map.of("2+2", "4", "3+3", "6", "4+4", "9"));
    private final Set<String> calling = ConcurrentHashMap.newKeySet();
    private final AtomicInteger mostCallsAtOnce = new AtomicInteger();
    private final List<String> embedded = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch embeddingWaitsFor = new CountDownLatch(0);
    private volatile Runnable onCall = () -> { };
    private final AtomicBoolean embeddingWaitedInVain = new AtomicBoolean();
    /** Letter counts: deterministic, and close for texts made of the same letters; records what it embeds. */
    private final TextEmbeddings embeddings = new TextEmbeddings() {
        @Override
        public float[][] embed(List<String> texts) {
            try {
                if (!embeddingWaitsFor.await(5, TimeUnit.SECONDS)) {
                    embeddingWaitedInVain.set(true);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            embedded.addAll(texts);
            float[][] vectors = new float[texts.size()][26];
            for (int i = 0; i < texts.size(); i++) {
                for (char ch : texts.get(i).toLowerCase().toCharArray()) {
                    if (ch >= 'a' && ch <= 'z') {
                        vectors[i][ch - 'a']++;
                    }
                }
            }
            return vectors;
        }

        @Override
        public String model() {
            return "letters";
        }
    };
    private EvalProperties properties;
    private RunExecutor executor;
    private String sha256;

    @BeforeEach
    void aSuiteOfThreeCasesAndATargetThatGetsTwoRight() {
        SuiteContent content = SuiteContent.validated(List.of(new MetricSpec("acc", "accuracy", null, 0.5, ">=")), CASES);
        sha256 = content.sha256();
        suites.save(content, sha256);
        harness.mongo().save(new SuiteVersionView("qa/1", "qa", 1, sha256, 3, content.metrics(), null, Instant.EPOCH, "user:alice"),
                             "eval_suite_versions");
        Target target = c -> {
            asked.add(c.id());
            if (asked.size() == CASES.size()) {
                embeddingWaitsFor.countDown();
            }
            onCall.run();
            calling.add(c.id());
            mostCallsAtOnce.accumulateAndGet(calling.size(), Math::max);
            try {
                Thread.sleep(20);
                String output = answers.get(c.input());
                if (output == null) {
                    throw new IllegalStateException("HTTP 500 from the endpoint");
                }
                return new Target.Answer(output, null, 10, 2, 0.001, 12, 1, null);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                calling.remove(c.id());
            }
        };
        when(targets.create(any())).thenReturn(target);
        when(targets.concurrency(any())).thenReturn(2);
        properties = new EvalProperties(null, null, null, null, null, Duration.ofHours(1), null, 3, null, null, null, null, null, null);
        executor = executor();
        executor.start();
    }

    /** An executor as a (re)started eval-service has it: nothing in memory but the model. */
    private RunExecutor executor() {
        return new RunExecutor(runs, new SuiteCatalogStore(harness.mongo(), suites), suites, new SuiteVectorStore(harness.mongo(), suites, embeddings), targets,
                               new Checks(embeddings), commands, properties, null, Clock.fixed(Instant.parse("2026-11-30T08:00:00Z"), ZoneOffset.UTC));
    }

    /** Version 2 of the suite: the same questions, scored by how close each answer comes to an expected text in words. */
    private String similaritySuite() {
        List<SuiteCase> worded = CASES.stream().map(c -> new SuiteCase(c.id(), c.input(), Map.of(), Map.of("1", "four", "2", "six", "3", "eight").get(c.id()),
                                                                    null, Map.of(), List.of())).toList();
        SuiteContent content = SuiteContent.validated(List.of(new MetricSpec("close", "semantic_similarity", null, 0.5, ">=")), worded);
        suites.save(content, content.sha256());
        harness.mongo().save(new SuiteVersionView("qa/2", "qa", 2, content.sha256(), 3, content.metrics(), null, Instant.EPOCH, "user:alice"),
                             "eval_suite_versions");
        answers.putAll(Map.of("2+2", "four", "3+3", "sixty", "4+4", "nine"));
        return content.sha256();
    }

    @AfterEach
    void close() {
        executor.stop();
        harness.close();
    }

    private RunDocument run(String runId, int claims) {
        return run(runId, claims, 1, sha256);
    }

    private RunDocument run(String runId, int claims, int suiteVersion, String suiteSha256) {
        RunDocument run = new RunDocument(runId, "qa", suiteVersion, suiteSha256, "model", "fraud", 2, "http", Map.of(), "api", RunDocument.RUNNING, 3, 0, 0,
                                          Instant.parse("2026-11-30T07:59:00Z"), null, "user:alice", TRACEPARENT, "req-1", null, null,
                                          claims, null, null, null, null, null);
        harness.mongo().save(run);
        return run;
    }

    private CommandMessage<?> sent() {
        @SuppressWarnings("unchecked")
        ArgumentCaptor<CommandMessage<?>> sent = ArgumentCaptor.forClass(CommandMessage.class);
        verify(commands).sendAndWait(sent.capture());
        return sent.getValue();
    }

    @Test
    void aRunEndsWithItsVerdictSentAsEvalServiceInTheTraceOfItsRequest() {
        executor.execute(run("r-1", 1), new AtomicBoolean());
        CommandMessage<?> command = sent();
        assertThat(command.getPayload()).isInstanceOfSatisfying(CompleteEvaluationRun.class, complete -> {
            assertThat(complete.passed()).isTrue();
            assertThat(complete.metrics()).containsEntry("acc", 2.0 / 3);
            assertThat(complete.failedCases()).isZero();
        });
        assertThat(command.getMetaData()).containsEntry(MetadataKeys.ACTOR, SystemActors.EVAL).containsEntry(MetadataKeys.TRACEPARENT, TRACEPARENT);
        assertThat(runs.results("r-1", List.of("1", "2", "3"))).extracting(CaseResult::output).containsExactlyInAnyOrder("4", "6", "9");
        assertThat(runs.find("r-1").orElseThrow().casesDone()).isEqualTo(3);
    }

    @Test
    void aResumedRunAsksOnlyForTheCasesStillUnanswered() {
        RunDocument run = run("r-2", 2);
        runs.saveResults("r-2", List.of(new CaseResult(CaseResult.id("r-2", "1"), "r-2", "1", "4", null, 5, 1, 0, 0, 0.0, null, Map.of(), Map.of())));
        executor.execute(run, new AtomicBoolean());
        assertThat(asked).containsExactlyInAnyOrder("2", "3");
        assertThat(sent().getPayload()).isInstanceOf(CompleteEvaluationRun.class);
    }

    @Test
    void aCaseTheTargetFailsIsAFailedCaseAndARunWhoseCasesAllFailIsAFailedRun() {
        answers.remove("4+4");
        executor.execute(run("r-3", 1), new AtomicBoolean());
        assertThat(sent().getPayload()).isInstanceOfSatisfying(CompleteEvaluationRun.class, c -> assertThat(c.failedCases()).isEqualTo(1));
        assertThat(runs.results("r-3", List.of("3")).getFirst().error()).contains("HTTP 500");

        answers.clear();
        org.mockito.Mockito.clearInvocations(commands);
        executor.execute(run("r-4", 1), new AtomicBoolean());
        assertThat(sent().getPayload()).isInstanceOfSatisfying(FailEvaluationRun.class,
                f -> assertThat(f.reason()).startsWith("all 3 cases failed; the first: ").contains("HTTP 500"));
    }

    @Test
    void aRunThatKeepsLosingItsExecutorIsFailedAsAbandoned() {
        executor.execute(run("r-5", 4), new AtomicBoolean());
        assertThat(sent().getPayload()).isInstanceOfSatisfying(FailEvaluationRun.class,
                f -> assertThat(f.reason()).isEqualTo("abandoned: its executor stopped 3 times before it finished"));
        assertThat(asked).isEmpty();
    }

    @Test
    void aStoppedRunStoresWhatItHasAndSendsNothing() {
        executor.execute(run("r-6", 1), new AtomicBoolean(true));
        org.mockito.Mockito.verifyNoInteractions(commands);
    }

    @Test
    void callsToTheTargetStayWithinTheRunsConcurrencyAndAnAnswerWaitingForItsScoreHoldsNoCall() {
        String similarity = similaritySuite();
        // scoring waits until every case was asked: the two calls the run may make at once must not wait for scores
        embeddingWaitsFor = new CountDownLatch(1);
        executor.execute(run("r-7", 1, 2, similarity), new AtomicBoolean());
        assertThat(embeddingWaitedInVain).as("every case was asked while the first answers waited for their scores").isFalse();
        assertThat(mostCallsAtOnce.get()).isLessThanOrEqualTo(2);
        assertThat(sent().getPayload()).isInstanceOf(CompleteEvaluationRun.class);
    }

    @Test
    void theTextsASuiteVersionComparesAnswersWithAreEmbeddedOnceAndLaterRunsEmbedOnlyTheirAnswers() {
        String similarity = similaritySuite();
        executor.execute(run("r-8", 1, 2, similarity), new AtomicBoolean());
        assertThat(embedded).contains("four", "six", "eight");
        Map<String, Double> first = runs.results("r-8", List.of("1", "2", "3")).stream()
                                        .collect(java.util.stream.Collectors.toMap(CaseResult::caseId, r -> r.checks().get("close")));
        assertThat(first.get("1")).isEqualTo(1.0);
        assertThat(harness.mongo().getCollection("eval_suite_vectors").countDocuments()).isOne();

        executor.stop();
        embedded.clear();
        executor = executor(); // a restarted eval-service: the expected texts come from the store
        executor.start();
        executor.execute(run("r-9", 1, 2, similarity), new AtomicBoolean());
        assertThat(embedded).containsExactlyInAnyOrder("sixty", "nine");
        assertThat(runs.results("r-9", List.of("1", "2", "3")))
                .allSatisfy(r -> assertThat(r.checks().get("close")).isEqualTo(first.get(r.caseId())));
    }

    @Test
    void aCaseWaitingForACallWhenItsRunIsStoppedNeverCallsTheEndpoint() {
        AtomicBoolean stop = new AtomicBoolean();
        onCall = () -> { // cancelled during the first two calls, while the third case (submitted by then) waits for one of them
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stop.set(true);
        };
        executor.execute(run("r-10", 1), stop);
        assertThat(asked).hasSizeLessThan(CASES.size());
        org.mockito.Mockito.verifyNoInteractions(commands);
    }
}
