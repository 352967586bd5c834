package io.modelledger.eval.run.query;

import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.MongoBulkWriteException;
import io.modelledger.eval.metric.CaseOutcome;
import io.modelledger.eval.metric.MetricEngine;
import io.modelledger.eval.run.api.CaseResult;
import io.modelledger.eval.run.api.Prediction;
import io.modelledger.eval.suite.api.SuiteCase;
import org.bson.Document;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Run state beyond the events: progress, leases, per-case results and supplied predictions. Lookups are
 * by exact keys ({@code runId}, {@code runId:caseId}, {@code runId:chunk}), which the embedded server
 * answers from its unique {@code _id} index.
 */
@Component
public class RunStore {

    static final String RESULTS = "eval_case_results";
    private static final int CHUNK = 1000;
    private static final int ID_PAGE = 500;

    private final MongoTemplate mongo;

    public RunStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @org.springframework.data.mongodb.core.mapping.Document("eval_run_predictions")
    record PredictionChunk(@Id String id, List<Prediction> predictions) {
    }

    public void savePredictions(String runId, List<Prediction> predictions) {
        for (int chunk = 0; chunk * CHUNK < predictions.size(); chunk++) {
            List<Prediction> part = predictions.subList(chunk * CHUNK, Math.min(predictions.size(), (chunk + 1) * CHUNK));
            mongo.save(new PredictionChunk(runId + ":" + chunk, new ArrayList<>(part)));
        }
    }

    public Map<String, Prediction> predictions(String runId, int expectedCount) {
        int chunks = Math.max(1, (expectedCount + CHUNK - 1) / CHUNK);
        List<String> ids = IntStream.range(0, chunks).mapToObj(i -> runId + ":" + i).toList();
        Map<String, Prediction> byCase = new HashMap<>();
        mongo.find(Query.query(where("_id").in(ids)), PredictionChunk.class)
             .forEach(chunk -> chunk.predictions().forEach(p -> byCase.put(p.caseId(), p)));
        return byCase;
    }

    public Optional<RunDocument> find(String runId) {
        return Optional.ofNullable(mongo.findById(runId, RunDocument.class));
    }

    /** Recent runs, newest first, optionally of one subject (a full scan: runs are few next to cases). */
    public List<RunDocument> recent(String subjectKind, String subjectName, Integer subjectVersion, int limit) {
        Criteria criteria = new Criteria();
        if (subjectName != null) {
            criteria = where("subjectKind").is(subjectKind).and("subjectName").is(subjectName);
            if (subjectVersion != null) {
                criteria = criteria.and("subjectVersion").is(subjectVersion);
            }
        }
        return mongo.find(Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "startedAt")).limit(limit), RunDocument.class);
    }

    /**
     * Takes the lease of one running run whose lease has expired (new runs have none), for {@code lease}.
     * On MongoDB find-and-modify is atomic, so of several instances exactly one gets each run.
     */
    public Optional<RunDocument> claim(String owner, Duration lease, Instant now) {
        Query query = Query.query(where("status").is(RunDocument.RUNNING).and("leaseUntil").lt(now))
                           .with(Sort.by("startedAt"));
        Update update = new Update().set("owner", owner).set("leaseUntil", now.plus(lease)).inc("claims", 1);
        return Optional.ofNullable(mongo.findAndModify(query, update, FindAndModifyOptions.options().returnNew(true),
                                                       RunDocument.class));
    }

    /** Extends the lease while the run is still running and ours; false when it was cancelled, finished or taken over. */
    public boolean renew(String runId, String owner, Duration lease, Instant now) {
        Query query = Query.query(where("_id").is(runId).and("owner").is(owner).and("status").is(RunDocument.RUNNING));
        return mongo.updateFirst(query, new Update().set("leaseUntil", now.plus(lease)), RunDocument.class).getModifiedCount() == 1;
    }

    /** Lets go of a run so another claim finds it at once (e.g. on shutdown). */
    public void release(String runId, String owner) {
        mongo.updateFirst(Query.query(where("_id").is(runId).and("owner").is(owner)),
                          new Update().set("leaseUntil", Instant.EPOCH), RunDocument.class);
    }

    /** The ids of the cases of {@code caseIds} that already have a result. */
    public Set<String> answered(String runId, List<String> caseIds) {
        Set<String> done = new HashSet<>();
        for (List<String> page : pages(caseIds.stream().map(c -> CaseResult.id(runId, c)).toList())) {
            Query query = Query.query(where("_id").in(page));
            query.fields().include("caseId");
            mongo.find(query, Document.class, RESULTS).forEach(d -> done.add(d.getString("caseId")));
        }
        return done;
    }

    /** Stores results (a result already stored is kept) and counts them into the run's progress. */
    public void saveResults(String runId, List<CaseResult> results) {
        if (results.isEmpty()) {
            return;
        }
        List<Document> documents = new ArrayList<>(results.size());
        for (CaseResult result : results) {
            Document document = new Document();
            mongo.getConverter().write(result, document);
            documents.add(document);
        }
        int inserted = results.size();
        int failed = (int) results.stream().filter(r -> r.error() != null).count();
        try {
            mongo.getCollection(RESULTS).insertMany(documents, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException duplicates) {
            Set<Integer> rejected = new HashSet<>();
            duplicates.getWriteErrors().forEach(e -> rejected.add(e.getIndex()));
            inserted -= rejected.size();
            failed = 0;
            for (int i = 0; i < results.size(); i++) {
                if (!rejected.contains(i) && results.get(i).error() != null) {
                    failed++;
                }
            }
        }
        mongo.updateFirst(Query.query(where("_id").is(runId)),
                          new Update().inc("casesDone", inserted).inc("casesFailed", failed), RunDocument.class);
    }

    public List<CaseResult> results(String runId, Collection<String> caseIds) {
        List<CaseResult> results = new ArrayList<>(caseIds.size());
        for (List<String> page : pages(caseIds.stream().map(c -> CaseResult.id(runId, c)).toList())) {
            results.addAll(mongo.find(Query.query(where("_id").in(page)), CaseResult.class, RESULTS));
        }
        Map<String, CaseResult> unique = new java.util.LinkedHashMap<>();
        results.forEach(r -> unique.putIfAbsent(r.id(), r));
        return new ArrayList<>(unique.values());
    }

    /** The outcome of every case of a run in suite order; a case without a stored result counts as failed. */
    public List<CaseOutcome> outcomes(String runId, List<SuiteCase> cases) {
        Map<String, CaseResult> results = new HashMap<>();
        results(runId, cases.stream().map(SuiteCase::id).toList()).forEach(r -> results.put(r.caseId(), r));
        List<CaseOutcome> outcomes = new ArrayList<>(cases.size());
        for (SuiteCase c : cases) {
            CaseResult r = results.get(c.id());
            outcomes.add(r == null
                    ? new CaseOutcome(c.id(), c.expected(), null, null, c.attributes(), 0, 0, 0, 0.0, "no result", Map.of())
                    : new CaseOutcome(c.id(), c.expected(), r.output(), r.score(), c.attributes(), r.latencyMs(),
                                      r.promptTokens(), r.completionTokens(), r.cost(), r.error(), r.checks()));
        }
        return outcomes;
    }

    public void recordOutcome(String runId, MetricEngine.Result result) {
        mongo.updateFirst(Query.query(where("_id").is(runId)),
                          new Update().set("metrics", result.values()).set("verdicts", result.verdicts())
                                      .set("reports", result.reports()).set("passed", result.passed()),
                          RunDocument.class);
    }

    private static List<List<String>> pages(List<String> ids) {
        List<List<String>> pages = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += ID_PAGE) {
            pages.add(ids.subList(i, Math.min(ids.size(), i + ID_PAGE)));
        }
        return pages;
    }
}
