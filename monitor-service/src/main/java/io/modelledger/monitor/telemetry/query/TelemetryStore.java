package io.modelledger.monitor.telemetry.query;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import io.modelledger.monitor.telemetry.api.ListRecords;
import io.modelledger.monitor.telemetry.api.RecordView;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Raw inference records, outside the event store, column-wise: the records of one batch that share model,
 * version, environment and minute go into one document of up to {@value #PER_DOCUMENT} records (a batch of
 * 1,000 is one insert, not 1,000), with ids {@code <batchId>:<n>}, so a retried batch collides with itself
 * and stores nothing twice (the insert itself finds out: no lookup before it). Each document carries its exact sums ({@code agg}: records, errors, flagged,
 * tokens, cost, unpriced, first and last timestamp), so a window's counts and cost are exact without reading
 * every record. A directory document per deployment and minute lists the record documents, so a window is
 * read by exact ids (the embedded server answers ranges by full scans). Online scores and captured content
 * of a document's records are documents of their own, under the same id. Everything carries
 * {@code expiresAt}: a TTL index removes it on MongoDB, the sweeper on the embedded server.
 */
@Component
public class TelemetryStore {

    static final int PER_DOCUMENT = 1000;
    static final String RECORDS = "monitor_telemetry";
    static final String DIRECTORY = "monitor_telemetry_minutes";
    static final String SCORES = "monitor_telemetry_scores";
    static final String CONTENT = "monitor_telemetry_content";
    private static final int ID_PAGE = 500;
    static final int CONTENT_CHUNK = 50;
    public static final int MAX_CONTENT = 16_000;
    /** Columns a window needs to count a document's records exactly when only part of it lies in the window. */
    private static final Bson COUNTING = Projections.include("version", "n", "ts", "error", "promptTokens", "completionTokens", "cost",
                                                             "safetyFlags");

    private final MongoTemplate mongo;
    private final Duration retention;
    private final int maxWindowRecords;

    private final Clock clock;
    private final CanaryEvidenceStore canary;
    private final LabelStore labels;

    @org.springframework.beans.factory.annotation.Autowired
    public TelemetryStore(MongoTemplate mongo, @Value("${modelledger.monitor.retention:P7D}") Duration retention,
                          @Value("${modelledger.monitor.max-window-records:200000}") int maxWindowRecords, Clock clock,
                          CanaryEvidenceStore canary, LabelStore labels) {
        this.clock = clock;
        this.canary = canary;
        this.labels = labels;
        this.mongo = mongo;
        this.retention = retention;
        this.maxWindowRecords = maxWindowRecords;
    }

    /** With its own canary evidence and label stores on the same database (tests and benchmarks). */
    public TelemetryStore(MongoTemplate mongo, Duration retention, int maxWindowRecords, Clock clock, CanaryEvidenceStore canary) {
        this(mongo, retention, maxWindowRecords, clock, canary, new LabelStore(mongo));
    }

    public Duration retention() {
        return retention;
    }

    /** On MongoDB, TTL indexes remove what expired without waiting for the sweeper (the embedded server ignores them). */
    @jakarta.annotation.PostConstruct
    void expiryIndexes() {
        for (String collection : List.of(RECORDS, DIRECTORY, SCORES, CONTENT, CanaryEvidenceStore.MINUTES, LabelStore.INDEX, LabelStore.LABELS)) {
            try {
                mongo.getCollection(collection).createIndex(com.mongodb.client.model.Indexes.ascending("expiresAt"),
                        new com.mongodb.client.model.IndexOptions().expireAfter(0L, java.util.concurrent.TimeUnit.SECONDS));
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(TelemetryStore.class).warn("No TTL index on {}: the sweeper removes what expired", collection, e);
            }
        }
    }

    /** One stored document: its id and its records, in order (row {@code i} is {@code records.get(i)}). */
    public record Stored(String documentId, List<InferenceRecord> records) {
    }

    /** What a batch did: records stored and refused, whether it had been received before, and the documents it wrote. */
    public record Receipt(String batchId, int accepted, int rejected, boolean duplicate, List<Stored> stored) {

        public Receipt(String batchId, int accepted, int rejected, boolean duplicate) {
            this(batchId, accepted, rejected, duplicate, List.of());
        }
    }

    public Receipt ingest(String batchId, List<InferenceRecord> records, int rejected) {
        return ingest(batchId, records, rejected, false);
    }

    /**
     * Stores a batch; {@code evidence}: a key bound to the records' deployment sent it, so it also counts as that
     * deployment's canary evidence ({@link CanaryEvidenceStore}).
     */
    public Receipt ingest(String batchId, List<InferenceRecord> records, int rejected, boolean evidence) {
        MongoCollection<Document> collection = mongo.getCollection(RECORDS);
        Map<String, List<InferenceRecord>> groups = new LinkedHashMap<>();
        for (InferenceRecord record : records) {
            String key = record.model() + "|" + record.version() + "|" + record.environment() + "|" + MinuteDirectory.minute(record.timestampMillis());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(record);
        }
        Date expiresAt = Date.from(clock.instant().plus(retention));
        List<Document> documents = new ArrayList<>();
        List<Stored> stored = new ArrayList<>();
        Map<String, List<String>> directory = new LinkedHashMap<>();
        for (List<InferenceRecord> group : groups.values()) {
            for (int start = 0; start < group.size(); start += PER_DOCUMENT) {
                List<InferenceRecord> chunk = group.subList(start, Math.min(group.size(), start + PER_DOCUMENT));
                String id = batchId + ":" + documents.size();
                Document columns = columns(id, chunk, expiresAt);
                if (evidence) {
                    columns.append("evidence", true);
                }
                documents.add(columns);
                stored.add(new Stored(id, chunk));
                InferenceRecord head = chunk.get(0);
                directory.computeIfAbsent(MinuteDirectory.id(head.model(), head.environment(), MinuteDirectory.minute(head.timestampMillis())),
                                          k -> new ArrayList<>()).add(id);
            }
        }
        if (documents.isEmpty()) {
            documents.add(new Document("_id", batchId + ":0").append("n", 0).append("expiresAt", expiresAt));
        }
        documents.get(0).append("batchAccepted", records.size()).append("batchRejected", rejected);
        boolean duplicate = false;
        try {
            // ordered: when the batch's first document exists, nothing after it is written (a retry that differs stores nothing)
            collection.insertMany(documents, new InsertManyOptions().ordered(true));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().stream().anyMatch(error -> error.getCode() != 11000)) {
                throw e;
            }
            // the batch's first document exists: it was received before (a retry), and says what it did then
            duplicate = e.getWriteErrors().stream().anyMatch(error -> error.getIndex() == 0);
        }
        if (duplicate) { // nothing of this attempt was written, and the directory is left as the first attempt made it
            Document first = collection.find(Filters.eq("_id", batchId + ":0")).projection(new Document("batchAccepted", 1)
                    .append("batchRejected", 1)).first();
            return new Receipt(batchId, first == null ? 0 : first.getInteger("batchAccepted", 0),
                               first == null ? 0 : first.getInteger("batchRejected", 0), true);
        }
        MongoCollection<Document> minutes = mongo.getCollection(DIRECTORY);
        directory.forEach((id, ids) -> minutes.updateOne(Filters.eq("_id", id),
                Updates.combine(Updates.addEachToSet("docs", ids), Updates.set("expiresAt", expiresAt)),
                new UpdateOptions().upsert(true)));
        labels.index(stored, expiresAt);
        if (evidence) {
            stored.forEach(s -> canary.count(s, expiresAt));
        }
        return new Receipt(batchId, records.size(), rejected, false, stored);
    }

    private static Document columns(String id, List<InferenceRecord> records, Date expiresAt) {
        InferenceRecord head = records.get(0);
        Set<String> names = new LinkedHashSet<>();
        records.forEach(r -> names.addAll(r.features().keySet()));
        int n = records.size();
        List<Long> timestamps = new ArrayList<>(n);
        List<Double> latency = new ArrayList<>(n);
        List<Boolean> errors = new ArrayList<>(n);
        List<Integer> promptTokens = new ArrayList<>(n);
        List<Integer> completionTokens = new ArrayList<>(n);
        List<Double> cost = new ArrayList<>(n);
        List<Object> predictions = new ArrayList<>(n);
        List<Object> labels = new ArrayList<>(n);
        List<String> traces = new ArrayList<>(n);
        List<Object> flags = new ArrayList<>(n);
        List<String> responseModels = new ArrayList<>(n);
        List<String> finishReasons = new ArrayList<>(n);
        List<String> prompts = new ArrayList<>(n);
        List<String> inferenceIds = new ArrayList<>(n);
        List<Integer> promptVersions = new ArrayList<>(n);
        Document features = new Document();
        names.forEach(name -> features.append(name, new ArrayList<>(n)));
        WindowData.Totals sums = new WindowData.Totals();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (InferenceRecord r : records) {
            timestamps.add(r.timestampMillis());
            first = Math.min(first, r.timestampMillis());
            last = Math.max(last, r.timestampMillis());
            latency.add(r.latencyMs());
            errors.add(r.error());
            promptTokens.add(r.promptTokens());
            completionTokens.add(r.completionTokens());
            cost.add(r.cost());
            predictions.add(r.prediction());
            labels.add(r.label());
            traces.add(r.traceId());
            flags.add(r.safetyFlags().isEmpty() ? null : r.safetyFlags());
            responseModels.add(r.responseModel());
            finishReasons.add(r.finishReason());
            prompts.add(r.prompt());
            inferenceIds.add(r.inferenceId());
            promptVersions.add(r.promptVersion());
            for (String name : names) {
                features.get(name, List.class).add(r.features().get(name));
            }
            count(sums, r.error(), r.promptTokens(), r.completionTokens(), r.cost(), !r.safetyFlags().isEmpty());
        }
        Document agg = new Document("records", sums.records).append("errors", sums.errors).append("flagged", sums.flagged)
                .append("promptTokens", sums.promptTokens).append("completionTokens", sums.completionTokens)
                .append("unpriced", sums.unpriced).append("cost", sums.cost).append("first", first).append("last", last);
        Document doc = new Document("_id", id).append("model", head.model()).append("version", head.version())
                                      .append("environment", head.environment()).append("n", n).append("agg", agg)
                                      .append("ts", timestamps).append("latency", latency).append("error", errors)
                                      .append("promptTokens", promptTokens).append("completionTokens", completionTokens)
                                      .append("cost", cost).append("features", features).append("expiresAt", expiresAt);
        // a column no record of the document has is left out (a window reads it as all null): OTLP spans have no
        // prediction, label or safety flags, JSON records mostly no response model
        optional(doc, "prediction", predictions);
        optional(doc, "label", labels);
        optional(doc, "traceId", traces);
        optional(doc, "safetyFlags", flags);
        optional(doc, "responseModel", responseModels);
        optional(doc, "finishReason", finishReasons);
        optional(doc, "prompt", prompts);
        optional(doc, "promptVersion", promptVersions);
        optional(doc, "inferenceId", inferenceIds);
        return doc;
    }

    private static void optional(Document doc, String column, List<?> values) {
        for (Object value : values) {
            if (value != null) {
                doc.append(column, values);
                return;
            }
        }
    }

    /** A stored column, or as many nulls as the document has records where it was left out. */
    private static <T> List<T> column(Document doc, String name, Class<T> type) {
        List<T> values = doc.getList(name, type);
        return values != null ? values : java.util.Collections.nCopies(doc.getInteger("n", 0), null);
    }

    private static void count(WindowData.Totals totals, boolean error, long promptTokens, long completionTokens, Double cost,
                              boolean flagged) {
        totals.records++;
        totals.errors += error ? 1 : 0;
        totals.flagged += flagged ? 1 : 0;
        totals.promptTokens += promptTokens;
        totals.completionTokens += completionTokens;
        if (cost == null) {
            totals.unpriced++;
        } else {
            totals.cost += cost;
        }
    }

    /**
     * Stores the online scores of a document's records: per check (by name, with its kind), one score per row
     * ({@code null} where the row was not scored). Scoring the same document again changes nothing.
     */
    public void saveScores(String documentId, Map<String, List<Double>> checks, Map<String, String> kinds) {
        Date expiresAt = Date.from(clock.instant().plus(retention));
        insertOnce(SCORES, new Document("_id", documentId).append("checks", new Document(new LinkedHashMap<>(checks)))
                .append("kinds", new Document(new LinkedHashMap<>(kinds)))
                .append("expiresAt", expiresAt));
        Document scored = mongo.getCollection(RECORDS).find(Filters.eq("_id", documentId)).projection(CanaryEvidenceStore.SCORED).first();
        if (scored != null) {
            canary.countScores(scored, checks, kinds, expiresAt);
        }
    }

    /**
     * Keeps the text of a document's records (per row, {@code null} where not kept) until {@code keepFor} has passed
     * (never longer than the telemetry), each text cut to {@value #MAX_CONTENT} characters, in chunks of
     * {@value #CONTENT_CHUNK} rows.
     */
    public void saveContent(String documentId, List<String> inputs, List<String> outputs, Duration keepFor) {
        Duration keep = keepFor.compareTo(retention) < 0 ? keepFor : retention;
        Date expiresAt = Date.from(clock.instant().plus(keep));
        for (int from = 0; from < outputs.size(); from += CONTENT_CHUNK) {
            int to = Math.min(outputs.size(), from + CONTENT_CHUNK);
            insertOnce(CONTENT, new Document("_id", contentId(documentId, from)).append("input", cut(inputs.subList(from, to)))
                    .append("output", cut(outputs.subList(from, to))).append("expiresAt", expiresAt));
        }
    }

    private static List<String> cut(List<String> texts) {
        return texts.stream().map(t -> t == null || t.length() <= MAX_CONTENT ? t : t.substring(0, MAX_CONTENT)).toList();
    }

    private void insertOnce(String collection, Document document) {
        try {
            mongo.getCollection(collection).insertOne(document);
        } catch (MongoWriteException e) {
            if (e.getError().getCode() != 11000) {
                throw e;
            }
        }
    }

    /**
     * The records of a deployment with {@code from} ≤ timestamp &lt; {@code to}. Counts, tokens and cost are
     * exact ({@link WindowData#totals}); when the window's documents hold more than {@code max-window-records}
     * records, the rows are those of evenly spaced documents only, and it says so ({@link WindowData#sampled}).
     */
    public WindowData window(String model, String environment, Instant from, Instant to) {
        List<String> minuteIds = MinuteDirectory.ids(model, environment, from, to);
        List<String> listed = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Document minute : mongo.getCollection(DIRECTORY).find(Filters.in("_id", minuteIds))) {
            if (seen.add(minute.getString("_id"))) {
                listed.addAll(new LinkedHashSet<>(minute.getList("docs", String.class)));
            }
        }
        WindowData data = new WindowData();
        long start = from.toEpochMilli();
        long end = to.toEpochMilli();
        // exact totals: a document wholly inside the window adds its sums; one across an edge is counted row by row
        List<String> ids = new ArrayList<>();
        List<String> partial = new ArrayList<>();
        long[] rows = {0};
        forEach(listed, Projections.include("model", "environment", "version", "n", "agg"), doc -> {
            if (doc.getInteger("n", 0) == 0 || !model.equals(doc.getString("model")) || !environment.equals(doc.getString("environment"))) {
                return; // a retry's marker, or a document another deployment's directory should not have listed
            }
            ids.add(doc.getString("_id"));
            rows[0] += doc.getInteger("n", 0);
            Document agg = doc.get("agg", Document.class);
            if (agg != null && ((Number) agg.get("first")).longValue() >= start && ((Number) agg.get("last")).longValue() < end) {
                WindowData.Totals sums = data.totals(doc.getInteger("version"));
                sums.records += agg.getLong("records");
                sums.errors += agg.getLong("errors");
                sums.flagged += agg.getLong("flagged");
                sums.promptTokens += agg.getLong("promptTokens");
                sums.completionTokens += agg.getLong("completionTokens");
                sums.unpriced += agg.getLong("unpriced");
                sums.cost += agg.getDouble("cost");
            } else {
                partial.add(doc.getString("_id"));
            }
        });
        List<String> rowIds = ids;
        if (rows[0] > maxWindowRecords && ids.size() > 1) { // the rows of evenly spaced documents, about max-window-records of them
            int keep = (int) Math.max(1, (long) ids.size() * maxWindowRecords / rows[0]);
            rowIds = new ArrayList<>(keep);
            for (int k = 0; k < keep; k++) {
                rowIds.add(ids.get((int) ((long) k * ids.size() / keep)));
            }
            data.sampled = true;
        }
        Set<String> readInFull = new HashSet<>(rowIds);
        Set<String> countRows = new HashSet<>(partial);
        forEach(partial.stream().filter(id -> !readInFull.contains(id)).toList(), COUNTING, doc -> countRows(doc, start, end, data));
        Map<String, Document> scores = new HashMap<>();
        forEachIn(SCORES, rowIds, null, doc -> {
            scores.put(doc.getString("_id"), doc.get("checks", Document.class));
            Document kinds = doc.get("kinds", Document.class);
            if (kinds != null) {
                kinds.forEach((name, kind) -> data.scoreKinds.put(name, String.valueOf(kind)));
            }
        });
        Map<String, Document> labelled = labels.labels(rowIds);
        forEach(rowIds, null, doc -> {
            if (countRows.contains(doc.getString("_id"))) {
                countRows(doc, start, end, data);
            }
            rows(doc, start, end, data, scores.get(doc.getString("_id")), labelled.get(doc.getString("_id")));
        });
        data.align();
        return data;
    }

    private void forEach(List<String> ids, Bson projection, java.util.function.Consumer<Document> action) {
        forEachIn(RECORDS, ids, projection, action);
    }

    private void forEachIn(String collection, List<String> ids, Bson projection, java.util.function.Consumer<Document> action) {
        Set<String> read = new HashSet<>();
        for (int p = 0; p < ids.size(); p += ID_PAGE) {
            var found = mongo.getCollection(collection).find(Filters.in("_id", ids.subList(p, Math.min(ids.size(), p + ID_PAGE))));
            for (Document doc : projection == null ? found : found.projection(projection)) {
                if (read.add(doc.getString("_id"))) {
                    action.accept(doc);
                }
            }
        }
    }

    private static void countRows(Document doc, long start, long end, WindowData data) {
        if (doc.getInteger("n", 0) == 0) {
            return;
        }
        WindowData.Totals sums = data.totals(doc.getInteger("version"));
        List<Long> ts = doc.getList("ts", Long.class);
        List<Boolean> errors = column(doc, "error", Boolean.class);
        List<Integer> pt = column(doc, "promptTokens", Integer.class);
        List<Integer> ct = column(doc, "completionTokens", Integer.class);
        List<Double> cost = column(doc, "cost", Double.class);
        List<Object> flags = column(doc, "safetyFlags", Object.class);
        for (int i = 0; i < ts.size(); i++) {
            long t = ts.get(i);
            if (t >= start && t < end) {
                count(sums, Boolean.TRUE.equals(errors.get(i)), pt.get(i), ct.get(i), cost.get(i), flags.get(i) != null);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void rows(Document doc, long start, long end, WindowData data, Document scores, Document lateLabels) {
        if (doc.getInteger("n", 0) == 0) {
            return;
        }
        int version = doc.getInteger("version");
        List<Long> ts = doc.getList("ts", Long.class);
        List<Double> latency = column(doc, "latency", Double.class);
        List<Boolean> errors = column(doc, "error", Boolean.class);
        List<Object> predictions = column(doc, "prediction", Object.class);
        List<Object> sentLabels = column(doc, "label", Object.class);
        List<Object> flags = column(doc, "safetyFlags", Object.class);
        Document features = doc.get("features", Document.class);
        for (int i = 0; i < ts.size(); i++) {
            long t = ts.get(i);
            if (t < start || t >= end) {
                continue;
            }
            int row = data.size();
            data.versions.add(version);
            data.latency.add(latency.get(i));
            data.errors.add(errors.get(i));
            data.flagged.add(flags.get(i) != null);
            data.predictions.add(predictions.get(i));
            String labelKey = String.valueOf(i);
            data.labels.add(lateLabels != null && lateLabels.containsKey(labelKey) ? lateLabels.get(labelKey) : sentLabels.get(i));
            for (String name : features.keySet()) {
                WindowData.pad(data.features.computeIfAbsent(name, k -> new ArrayList<>()), row).add(((List<Object>) features.get(name)).get(i));
            }
            if (scores != null) {
                for (String check : scores.keySet()) {
                    Object score = ((List<Object>) scores.get(check)).get(i);
                    WindowData.pad(data.scores.computeIfAbsent(check, k -> new ArrayList<>()), row)
                              .add(score instanceof Number number ? number.doubleValue() : null);
                }
            }
        }
    }

    @QueryHandler
    List<RecordView> handle(ListRecords query) {
        return recent(query.model(), query.environment(), query.from(), query.to(), query.limit(), query.withText());
    }

    /** A record found by {@link #recent}: where it is, and when. */
    private record Found(Document doc, int row, long timestamp) {
    }

    /**
     * The newest records of a deployment in [from, to), with their scores and, when {@code withText} and where
     * captured and not expired, their text. Minutes are read newest first, one at first and more at a time while
     * they are empty; scores and text are read only for the records returned.
     */
    @SuppressWarnings("unchecked")
    public List<RecordView> recent(String model, String environment, Instant from, Instant to, int limit, boolean withText) {
        List<String> minuteIds = new ArrayList<>(MinuteDirectory.ids(model, environment, from, to));
        java.util.Collections.reverse(minuteIds);
        long start = from.toEpochMilli();
        long end = to.toEpochMilli();
        List<Found> found = new ArrayList<>();
        int step = 1;
        for (int p = 0; p < minuteIds.size() && found.size() < limit; p += step, step = Math.min(64, step * 2)) {
            List<String> ids = new ArrayList<>();
            for (Document minute : mongo.getCollection(DIRECTORY).find(Filters.in("_id", minuteIds.subList(p, Math.min(minuteIds.size(), p + step))))) {
                ids.addAll(minute.getList("docs", String.class));
            }
            List<Found> page = new ArrayList<>();
            forEach(ids, Projections.exclude("features", "label", "prediction"), doc -> {
                if (doc.getInteger("n", 0) == 0 || !model.equals(doc.getString("model")) || !environment.equals(doc.getString("environment"))) {
                    return;
                }
                List<Long> ts = doc.getList("ts", Long.class);
                for (int i = 0; i < ts.size(); i++) {
                    if (ts.get(i) >= start && ts.get(i) < end) {
                        page.add(new Found(doc, i, ts.get(i)));
                    }
                }
            });
            page.sort(java.util.Comparator.comparingLong(Found::timestamp).reversed());
            found.addAll(page.subList(0, Math.min(page.size(), limit - found.size())));
        }
        List<String> docs = found.stream().map(f -> f.doc().getString("_id")).distinct().toList();
        Map<String, Document> scores = new HashMap<>();
        forEachIn(SCORES, docs, null, doc -> scores.put(doc.getString("_id"), doc.get("checks", Document.class)));
        Map<String, Document> content = new HashMap<>();
        if (withText) {
            Date now = Date.from(clock.instant());
            List<String> chunks = found.stream().map(f -> contentId(f.doc().getString("_id"), f.row())).distinct().toList();
            forEachIn(CONTENT, chunks, null, doc -> {
                if (doc.getDate("expiresAt") == null || doc.getDate("expiresAt").after(now)) {
                    content.put(doc.getString("_id"), doc);
                }
            });
        }
        List<RecordView> views = new ArrayList<>(found.size());
        for (Found f : found) {
            Document doc = f.doc();
            int i = f.row();
            Map<String, Double> rowScores = new java.util.TreeMap<>();
            Document checks = scores.get(doc.getString("_id"));
            if (checks != null) {
                for (String check : checks.keySet()) {
                    Object score = ((List<Object>) checks.get(check)).get(i);
                    if (score instanceof Number number) {
                        rowScores.put(check, number.doubleValue());
                    }
                }
            }
            Document text = content.get(contentId(doc.getString("_id"), i));
            Double cost = column(doc, "cost", Double.class).get(i);
            views.add(new RecordView(Instant.ofEpochMilli(f.timestamp()), doc.getInteger("version"), column(doc, "latency", Double.class).get(i),
                                     column(doc, "promptTokens", Integer.class).get(i), column(doc, "completionTokens", Integer.class).get(i),
                                     cost, cost == null, at(doc, "responseModel", i), at(doc, "finishReason", i),
                                     Boolean.TRUE.equals(column(doc, "error", Boolean.class).get(i)), at(doc, "traceId", i),
                                     rowScores.isEmpty() ? null : rowScores, text == null ? null : at(text, "input", i % CONTENT_CHUNK),
                                     text == null ? null : at(text, "output", i % CONTENT_CHUNK)));
        }
        return views;
    }

    /** Captured text is kept in chunks of {@value #CONTENT_CHUNK} rows, each under MongoDB's document size limit. */
    private static String contentId(String documentId, int row) {
        return documentId + "#" + row / CONTENT_CHUNK;
    }

    private static String at(Document doc, String column, int i) {
        List<String> values = doc.getList(column, String.class);
        return values == null || i >= values.size() ? null : values.get(i);
    }

    /** Removes expired minutes and their records, scores and content (on MongoDB the TTL index does it first). */
    @Scheduled(fixedDelayString = "${modelledger.monitor.retention-sweep:PT1H}", initialDelayString = "PT1M")
    public void sweep() {
        Date now = Date.from(clock.instant());
        MongoCollection<Document> minutes = mongo.getCollection(DIRECTORY);
        for (Document minute : minutes.find(Filters.lt("expiresAt", now))) {
            List<String> docs = minute.getList("docs", String.class);
            for (int p = 0; p < docs.size(); p += ID_PAGE) {
                Bson page = Filters.in("_id", docs.subList(p, Math.min(docs.size(), p + ID_PAGE)));
                mongo.getCollection(RECORDS).deleteMany(page);
                mongo.getCollection(SCORES).deleteMany(page);
            }
            minutes.deleteOne(Filters.eq("_id", minute.getString("_id")));
        }
        // captured text is never kept longer than its records, often for less: it goes by its own expiry
        mongo.getCollection(CONTENT).deleteMany(Filters.lt("expiresAt", now));
        mongo.getCollection(CanaryEvidenceStore.MINUTES).deleteMany(Filters.lt("expiresAt", now));
        labels.sweep(now);
    }
}
