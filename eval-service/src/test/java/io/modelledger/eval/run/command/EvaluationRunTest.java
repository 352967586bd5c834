package io.modelledger.eval.run.command;

import io.modelledger.contracts.eval.EvaluationCompleted;
import io.modelledger.contracts.eval.EvaluationRunCancelled;
import io.modelledger.contracts.eval.EvaluationRunFailed;
import io.modelledger.contracts.eval.EvaluationRunStarted;
import io.modelledger.contracts.eval.MetricVerdict;
import io.modelledger.eval.run.api.CancelEvaluationRun;
import io.modelledger.eval.run.api.CompleteEvaluationRun;
import io.modelledger.eval.run.api.FailEvaluationRun;
import io.modelledger.eval.run.api.RunId;
import io.modelledger.eval.run.api.StartEvaluationRun;
import io.modelledger.platform.domain.ConflictException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

/** A run ends exactly once: with a verdict, a failure or a cancellation. */
class EvaluationRunTest {

    private static final String SHA = "ab".repeat(32);
    private static final RunId RUN = new RunId("r1");
    private static final EvaluationRunStarted STARTED = new EvaluationRunStarted("r1", "qa", 2, SHA, "prompt", "support", 3,
                                                                                 "openai", Map.of("secret", "openai", "baseUrl", "https://llm.example/v1",
                                                                                                     "name", "support-llm"), 40, "api");
    private AggregateTestFixture<EvaluationRun> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(EvaluationRun.class);
    }

    @Test
    void aStartedRunCompletesWithItsVerdictForTheExactSubjectAndSuiteVersion() {
        Map<String, MetricVerdict> verdicts = Map.of("correct", new MetricVerdict(0.95, 0.9, ">=", true));
        fixture.givenNoPriorActivity()
               .when(new StartEvaluationRun(RUN, "qa", 2, SHA, "prompt", "support", 3, "openai", STARTED.target(), 40, "api"))
               .expectEvents(STARTED);
        fixture.given(new org.axonframework.eventhandling.GenericDomainEventMessage<>("EvaluationRun", "r1", 0, STARTED,
                              org.axonframework.messaging.MetaData.with(io.modelledger.contracts.metadata.MetadataKeys.ACTOR, "user:frank")))
               .when(new CompleteEvaluationRun(RUN, true, Map.of("correct", 0.95), verdicts, 1))
               .expectEvents(new EvaluationCompleted("r1", "qa", SHA, "prompt", "support", 3, true, Map.of("correct", 0.95),
                                                     2, verdicts, 40, 1, "user:frank", "api", "openai", "https://llm.example/v1",
                                                     "support-llm"));
    }

    @Test
    void completingTwiceIsANoOp() {
        fixture.given(STARTED, new EvaluationCompleted("r1", "qa", SHA, "prompt", "support", 3, true, Map.of()))
               .when(new CompleteEvaluationRun(RUN, true, Map.of(), Map.of(), 0))
               .expectNoEvents();
    }

    @Test
    void aCancelledRunGetsNoVerdict() {
        fixture.given(STARTED).when(new CancelEvaluationRun(RUN)).expectEvents(new EvaluationRunCancelled("r1"));
        fixture.given(STARTED, new EvaluationRunCancelled("r1"))
               .when(new CompleteEvaluationRun(RUN, true, Map.of(), Map.of(), 0))
               .expectException(ConflictException.class);
    }

    @Test
    void aFinishedRunCannotBeCancelledOrFailed() {
        fixture.given(STARTED, new EvaluationRunFailed("r1", "all cases failed"))
               .when(new CancelEvaluationRun(RUN)).expectException(ConflictException.class);
        fixture.given(STARTED, new EvaluationCompleted("r1", "qa", SHA, "prompt", "support", 3, false, Map.of()))
               .when(new FailEvaluationRun(RUN, "late")).expectException(ConflictException.class);
    }
}
