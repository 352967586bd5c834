package io.modelledger.eval.run.query;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/** The latest endpoint-backed run of each suite for one model or prompt version: what a re-evaluation repeats. */
@Document("eval_subject_runs")
public record SubjectRuns(@Id String id, Map<String, LastRun> suites) {

    public SubjectRuns {
        suites = suites == null ? Map.of() : suites;
    }

    /** {@code startedBy}: who the run stands for (for a re-evaluation, who started the run it replayed). */
    public record LastRun(String runId, String suiteName, String targetKind, Map<String, Object> target, Instant at, String startedBy) {
    }

    public static String id(String kind, String name, int version) {
        return kind + ":" + name + "/" + version;
    }

    /** Suite names as field names: without '.' or a leading '$'. */
    static String key(String suiteName) {
        return URLEncoder.encode(suiteName, StandardCharsets.UTF_8).replace(".", "%2E");
    }
}
