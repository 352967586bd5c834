package io.modelledger.eval.suite.query;

import io.modelledger.contracts.eval.MetricSpec;
import io.modelledger.eval.suite.api.SuiteCase;
import io.modelledger.eval.suite.api.SuiteContent;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * The cases of suite versions, content-addressed by SHA-256 and stored in chunks of {@value #CHUNK}
 * (a 100,000-case suite is 200 documents, read back by exact ids). Content is written before the event
 * that publishes it, and the content document last, so a reader never sees a partial suite; writing the
 * same content twice changes nothing.
 */
@Component
public class SuiteStore {

    static final int CHUNK = 500;

    private final MongoTemplate mongo;

    public SuiteStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Document("eval_suite_cases")
    record CaseChunk(@Id String id, String sha256, int chunk, List<SuiteCase> cases) {
    }

    @Document("eval_suite_contents")
    record ContentDocument(@Id String sha256, int caseCount, int chunks, List<MetricSpec> metrics) {
    }

    public void save(SuiteContent content, String sha256) {
        if (mongo.findById(sha256, ContentDocument.class) != null) {
            return;
        }
        List<SuiteCase> cases = content.cases();
        int chunks = (cases.size() + CHUNK - 1) / CHUNK;
        for (int chunk = 0; chunk < chunks; chunk++) {
            List<SuiteCase> part = cases.subList(chunk * CHUNK, Math.min(cases.size(), (chunk + 1) * CHUNK));
            mongo.save(new CaseChunk(sha256 + ":" + chunk, sha256, chunk, new ArrayList<>(part)));
        }
        mongo.save(new ContentDocument(sha256, cases.size(), chunks, content.metrics()));
    }

    public boolean exists(String sha256) {
        return mongo.findById(sha256, ContentDocument.class) != null;
    }

    /** All cases of a suite version in upload order. */
    public List<SuiteCase> cases(String sha256) {
        ContentDocument content = mongo.findById(sha256, ContentDocument.class);
        if (content == null) {
            return List.of();
        }
        List<String> ids = IntStream.range(0, content.chunks()).mapToObj(i -> sha256 + ":" + i).toList();
        List<CaseChunk> chunks = new ArrayList<>(mongo.find(Query.query(where("_id").in(ids)), CaseChunk.class));
        chunks.sort(Comparator.comparingInt(CaseChunk::chunk));
        List<SuiteCase> cases = new ArrayList<>(content.caseCount());
        int last = -1;
        for (CaseChunk chunk : chunks) {
            if (chunk.chunk() != last) {
                cases.addAll(chunk.cases());
                last = chunk.chunk();
            }
        }
        return cases;
    }

    /** A page of cases: those after the {@code offset}-th. */
    public List<SuiteCase> page(String sha256, int offset, int limit) {
        List<SuiteCase> all = cases(sha256);
        return all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit));
    }
}
