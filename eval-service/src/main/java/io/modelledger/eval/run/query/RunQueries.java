package io.modelledger.eval.run.query;

import io.modelledger.eval.run.api.CaseResult;
import io.modelledger.eval.run.api.FindRun;
import io.modelledger.eval.run.api.FindRunResults;
import io.modelledger.eval.run.api.ListRuns;
import io.modelledger.eval.run.api.RunResultPage;
import io.modelledger.eval.run.api.RunView;
import io.modelledger.eval.suite.api.SuiteCase;
import io.modelledger.eval.suite.query.SuiteStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Answers the run queries from the runs and results that {@link RunStore} keeps. */
@Component
class RunQueries {

    private final RunStore runs;
    private final SuiteStore suites;
    private final Clock clock;

    RunQueries(RunStore runs, SuiteStore suites, Clock clock) {
        this.runs = runs;
        this.suites = suites;
        this.clock = clock;
    }

    @QueryHandler
    Optional<RunView> handle(FindRun query) {
        return runs.find(query.runId()).map(this::view);
    }

    @QueryHandler
    List<RunView> handle(ListRuns query) {
        return runs.recent(query.subjectKind(), query.subjectName(), query.subjectVersion(), query.limit()).stream().map(this::view).toList();
    }

    @QueryHandler
    Optional<RunResultPage> handle(FindRunResults query) {
        return runs.find(query.runId()).map(run -> {
            List<SuiteCase> page = suites.page(run.suiteSha256(), query.offset(), query.limit());
            List<CaseResult> results = runs.results(run.runId(), page.stream().map(SuiteCase::id).toList());
            int next = query.offset() + page.size();
            return new RunResultPage(results, next < run.caseCount() ? next : null);
        });
    }

    private RunView view(RunDocument r) {
        Instant end = r.finishedAt() != null ? r.finishedAt() : clock.instant();
        long elapsed = r.startedAt() == null ? 0 : Duration.between(r.startedAt(), end).toMillis();
        return new RunView(r.runId(), r.status(), r.suiteName(), r.suiteVersion(), r.suiteSha256(), r.subjectKind(), r.subjectName(),
                           r.subjectVersion(), r.targetKind(), r.target(), r.trigger(), r.caseCount(), r.casesDone(),
                           r.casesFailed(), r.startedAt(), r.finishedAt(), elapsed, r.startedBy(), r.passed(), r.metrics(),
                           r.verdicts(), r.reports(), r.failure());
    }
}
