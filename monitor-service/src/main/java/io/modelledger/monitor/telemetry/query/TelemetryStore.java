package io.modelledger.monitor.telemetry.query;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Raw inference records, outside the event store, column-wise: the records of one batch that share model,
 * version, environment and minute go into one document of up to {@value #PER_DOCUMENT} records (a batch of
 * 1,000 is one insert, not 1,000), with ids {@code <batchId>:<n>}, so a retried batch collides with itself
 * and stores nothing twice. A directory document per deployment and minute lists the record documents,
 * so a window is read by exact ids (the embedded server answers ranges by full scans). Records and
 * directory entries carry {@code expiresAt}: a TTL index removes them on MongoDB, the sweeper on the
 * embedded server.
 */
@Component
public class TelemetryStore {

    static final int PER_DOCUMENT = 1000;
    static final String RECORDS = "monitor_telemetry";
    static final String DIRECTORY = "monitor_telemetry_minutes";
    private static final int ID_PAGE = 500;

    private final MongoTemplate mongo;
    private final Duration retention;
    private final int maxWindowRecords;

    private final Clock clock;

    public TelemetryStore(MongoTemplate mongo, @Value("${modelledger.monitor.retention:P7D}") Duration retention,
                          @Value("${modelledger.monitor.max-window-records:200000}") int maxWindowRecords, Clock clock) {
        this.clock = clock;
        this.mongo = mongo;
        this.retention = retention;
        this.maxWindowRecords = maxWindowRecords;
    }

    public Duration retention() {
        return retention;
    }

    /** What a batch did: records stored and refused, and whether it had been received before. */
    public record Receipt(String batchId, int accepted, int rejected, boolean duplicate) {
    }

    public Receipt ingest(String batchId, List<InferenceRecord> records, int rejected) {
        MongoCollection<Document> collection = mongo.getCollection(RECORDS);
        Document first = collection.find(Filters.eq("_id", batchId + ":0")).projection(new Document("batchAccepted", 1)
                .append("batchRejected", 1)).first();
        if (first != null) {
            return new Receipt(batchId, first.getInteger("batchAccepted", 0), first.getInteger("batchRejected", 0), true);
        }
        Map<String, List<InferenceRecord>> groups = new LinkedHashMap<>();
        for (InferenceRecord record : records) {
            String key = record.model() + "|" + record.version() + "|" + record.environment() + "|" + MinuteDirectory.minute(record.timestampMillis());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(record);
        }
        Date expiresAt = Date.from(clock.instant().plus(retention));
        List<Document> documents = new ArrayList<>();
        Map<String, List<String>> directory = new LinkedHashMap<>();
        for (List<InferenceRecord> group : groups.values()) {
            for (int start = 0; start < group.size(); start += PER_DOCUMENT) {
                List<InferenceRecord> chunk = group.subList(start, Math.min(group.size(), start + PER_DOCUMENT));
                String id = batchId + ":" + documents.size();
                documents.add(columns(id, chunk, expiresAt));
                InferenceRecord head = chunk.get(0);
                directory.computeIfAbsent(MinuteDirectory.id(head.model(), head.environment(), MinuteDirectory.minute(head.timestampMillis())),
                                          k -> new ArrayList<>()).add(id);
            }
        }
        if (documents.isEmpty()) {
            documents.add(new Document("_id", batchId + ":0").append("n", 0).append("expiresAt", expiresAt));
        }
        documents.get(0).append("batchAccepted", records.size()).append("batchRejected", rejected);
        try {
            collection.insertMany(documents, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().stream().anyMatch(error -> error.getCode() != 11000)) {
                throw e;
            }
        }
        MongoCollection<Document> minutes = mongo.getCollection(DIRECTORY);
        directory.forEach((id, ids) -> minutes.updateOne(Filters.eq("_id", id),
                Updates.combine(Updates.addEachToSet("docs", ids), Updates.set("expiresAt", expiresAt)),
                new UpdateOptions().upsert(true)));
        return new Receipt(batchId, records.size(), rejected, false);
    }

    private static Document columns(String id, List<InferenceRecord> records, Date expiresAt) {
        InferenceRecord head = records.get(0);
        Set<String> names = new LinkedHashSet<>();
        records.forEach(r -> names.addAll(r.features().keySet()));
        List<Long> timestamps = new ArrayList<>(records.size());
        List<Double> latency = new ArrayList<>(records.size());
        List<Boolean> errors = new ArrayList<>(records.size());
        List<Integer> promptTokens = new ArrayList<>(records.size());
        List<Integer> completionTokens = new ArrayList<>(records.size());
        List<Double> cost = new ArrayList<>(records.size());
        List<Object> predictions = new ArrayList<>(records.size());
        List<Object> labels = new ArrayList<>(records.size());
        List<String> traces = new ArrayList<>(records.size());
        List<Object> flags = new ArrayList<>(records.size());
        Document features = new Document();
        names.forEach(name -> features.append(name, new ArrayList<>(records.size())));
        for (InferenceRecord r : records) {
            timestamps.add(r.timestampMillis());
            latency.add(r.latencyMs());
            errors.add(r.error());
            promptTokens.add(r.promptTokens());
            completionTokens.add(r.completionTokens());
            cost.add(r.cost());
            predictions.add(r.prediction());
            labels.add(r.label());
            traces.add(r.traceId());
            flags.add(r.safetyFlags().isEmpty() ? null : r.safetyFlags());
            for (String name : names) {
                features.get(name, List.class).add(r.features().get(name));
            }
        }
        return new Document("_id", id).append("model", head.model()).append("version", head.version())
                                      .append("environment", head.environment()).append("n", records.size())
                                      .append("ts", timestamps).append("latency", latency).append("error", errors)
                                      .append("promptTokens", promptTokens).append("completionTokens", completionTokens)
                                      .append("cost", cost).append("prediction", predictions).append("label", labels)
                                      .append("traceId", traces).append("safetyFlags", flags).append("features", features)
                                      .append("expiresAt", expiresAt);
    }

    /**
     * The records of a deployment with {@code from} ≤ timestamp &lt; {@code to}. Beyond
     * {@code max-window-records} it reads evenly spaced documents only and says so ({@link WindowData#sampled}).
     */
    @SuppressWarnings("unchecked")
    public WindowData window(String model, String environment, Instant from, Instant to) {
        List<String> minuteIds = MinuteDirectory.ids(model, environment, from, to);
        List<String> ids = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (Document minute : mongo.getCollection(DIRECTORY).find(Filters.in("_id", minuteIds))) {
            if (seen.add(minute.getString("_id"))) {
                ids.addAll(minute.getList("docs", String.class));
            }
        }
        WindowData data = new WindowData();
        int perDocumentEstimate = PER_DOCUMENT;
        if ((long) ids.size() * perDocumentEstimate > maxWindowRecords && ids.size() > 1) {
            int keep = Math.max(1, maxWindowRecords / perDocumentEstimate);
            List<String> sample = new ArrayList<>(keep);
            for (int k = 0; k < keep; k++) {
                sample.add(ids.get((int) ((long) k * ids.size() / keep)));
            }
            ids = sample;
            data.sampled = true;
        }
        long start = from.toEpochMilli();
        long end = to.toEpochMilli();
        Set<String> read = new java.util.HashSet<>();
        for (int p = 0; p < ids.size(); p += ID_PAGE) {
            for (Document doc : mongo.getCollection(RECORDS).find(Filters.in("_id", ids.subList(p, Math.min(ids.size(), p + ID_PAGE))))) {
                if (!read.add(doc.getString("_id")) || doc.getInteger("n", 0) == 0) {
                    continue;
                }
                int version = doc.getInteger("version");
                List<Long> ts = doc.getList("ts", Long.class);
                List<Double> latency = doc.getList("latency", Double.class);
                List<Boolean> errors = doc.getList("error", Boolean.class);
                List<Integer> pt = doc.getList("promptTokens", Integer.class);
                List<Integer> ct = doc.getList("completionTokens", Integer.class);
                List<Double> cost = doc.getList("cost", Double.class);
                List<Object> predictions = doc.getList("prediction", Object.class);
                List<Object> flags = doc.getList("safetyFlags", Object.class);
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
                    data.promptTokens.add(pt.get(i));
                    data.completionTokens.add(ct.get(i));
                    data.cost.add(cost.get(i));
                    data.flagged.add(flags.get(i) != null);
                    data.predictions.add(predictions.get(i));
                    for (String name : features.keySet()) {
                        List<Object> column = data.features.computeIfAbsent(name, k -> new ArrayList<>());
                        while (column.size() < row) {
                            column.add(null);
                        }
                        column.add(((List<Object>) features.get(name)).get(i));
                    }
                }
            }
        }
        data.features.values().forEach(column -> {
            while (column.size() < data.size()) {
                column.add(null);
            }
        });
        return data;
    }

    /** Removes expired minutes and their records (on MongoDB the TTL index does it first). */
    @Scheduled(fixedDelayString = "${modelledger.monitor.retention-sweep:PT1H}", initialDelayString = "PT1M")
    public void sweep() {
        Date now = Date.from(clock.instant());
        MongoCollection<Document> minutes = mongo.getCollection(DIRECTORY);
        for (Document minute : minutes.find(Filters.lt("expiresAt", now))) {
            List<String> docs = minute.getList("docs", String.class);
            for (int p = 0; p < docs.size(); p += ID_PAGE) {
                mongo.getCollection(RECORDS).deleteMany(Filters.in("_id", docs.subList(p, Math.min(docs.size(), p + ID_PAGE))));
            }
            minutes.deleteOne(Filters.eq("_id", minute.getString("_id")));
        }
    }
}
