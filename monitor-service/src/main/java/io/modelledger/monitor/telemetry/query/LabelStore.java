package io.modelledger.monitor.telemetry.query;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.UpdateOptions;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Delayed ground truth. Each stored record that carries an {@code inferenceId} is indexed by deployment and id (which record
 * document, which row, which deployment and minute); a label sent later, days later included, finds its record through
 * that index and is kept beside the record document ({@code l.<row>}), where a window reads it over the label the
 * record was sent with. Each minute whose labels changed is marked for its deployment, so the windows holding it are
 * evaluated again. Everything expires with the telemetry.
 */
@Component
public class LabelStore {

    static final String INDEX = "monitor_inference_ids";
    static final String LABELS = "monitor_telemetry_labels";
    static final String CHANGED = "monitor_label_changes";
    private static final int PAGE = 500;

    private final MongoTemplate mongo;

    public LabelStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Indexes the records of stored documents that carry an inference id; an id already indexed keeps its first record. */
    void index(List<TelemetryStore.Stored> stored, Date expiresAt) {
        List<Document> entries = new ArrayList<>();
        for (TelemetryStore.Stored s : stored) {
            List<InferenceRecord> rows = s.records();
            for (int row = 0; row < rows.size(); row++) {
                InferenceRecord r = rows.get(row);
                if (r.inferenceId() != null) {
                    entries.add(new Document("_id", key(r.model(), r.environment(), r.inferenceId())).append("d", s.documentId()).append("r", row)
                                        .append("e", r.environment()).append("v", r.version())
                                        .append("m", MinuteDirectory.minute(r.timestampMillis())).append("expiresAt", expiresAt));
                }
            }
        }
        if (entries.isEmpty()) {
            return;
        }
        try {
            mongo.getCollection(INDEX).insertMany(entries, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().stream().anyMatch(error -> error.getCode() != 11000)) {
                throw e;
            }
        }
    }

    /** Where a labelled inference is: its record document and row, deployment and minute. */
    public record Located(String documentId, int row, String environment, int version, long minute) {
    }

    /** The records of a deployment with these inference ids, by id (ids not found are missing). */
    public Map<String, Located> locate(String model, String environment, Collection<String> inferenceIds) {
        List<String> keys = inferenceIds.stream().distinct().map(id -> key(model, environment, id)).toList();
        int prefix = key(model, environment, "").length();
        Map<String, Located> found = new HashMap<>();
        for (int p = 0; p < keys.size(); p += PAGE) {
            for (Document d : mongo.getCollection(INDEX).find(Filters.in("_id", keys.subList(p, Math.min(keys.size(), p + PAGE))))) {
                String key = d.getString("_id");
                found.put(key.substring(prefix), new Located(d.getString("d"), d.getInteger("r"), d.getString("e"),
                                                                         d.getInteger("v"), d.getLong("m")));
            }
        }
        return found;
    }

    /**
     * Keeps labels (a later label for the same inference replaces the earlier one) and marks each minute they fall in as
     * changed for its deployment.
     */
    public void save(String model, Map<Located, Object> labels, Date expiresAt) {
        Map<String, Document> byDocument = new LinkedHashMap<>();
        Map<String, TreeSet<Long>> minutes = new LinkedHashMap<>();
        labels.forEach((where, label) -> {
            byDocument.computeIfAbsent(where.documentId(), d -> new Document()).append("l." + where.row(), label);
            minutes.computeIfAbsent(where.environment(), e -> new TreeSet<>()).add(where.minute());
        });
        byDocument.forEach((documentId, set) -> mongo.getCollection(LABELS).updateOne(Filters.eq("_id", documentId),
                new Document("$set", set.append("expiresAt", expiresAt)), new UpdateOptions().upsert(true)));
        minutes.forEach((environment, changed) -> markChanged(model, environment, changed));
    }

    /** The labels kept for record documents, per document: row → label. */
    Map<String, Document> labels(List<String> documentIds) {
        Map<String, Document> labels = new HashMap<>();
        for (int p = 0; p < documentIds.size(); p += PAGE) {
            for (Document d : mongo.getCollection(LABELS).find(Filters.in("_id", documentIds.subList(p, Math.min(documentIds.size(), p + PAGE))))) {
                labels.put(d.getString("_id"), d.get("l", Document.class));
            }
        }
        return labels;
    }

    /** The minutes of a deployment whose labels changed since they were last taken, taken now (oldest first). */
    public List<Long> takeChangedMinutes(String model, String environment) {
        Document changed = mongo.getCollection(CHANGED).find(Filters.eq("_id", model + "|" + environment)).first();
        List<Long> minutes = changed == null ? List.of() : changed.getList("minutes", Long.class);
        if (!minutes.isEmpty()) { // only what was read: a minute marked meanwhile stays for the next look
            mongo.getCollection(CHANGED).updateOne(Filters.eq("_id", model + "|" + environment),
                                                   new Document("$pullAll", new Document("minutes", minutes)));
        }
        return minutes.stream().sorted().toList();
    }

    /** Marks minutes as changed again (their windows could not be evaluated). */
    public void markChanged(String model, String environment, Collection<Long> minutes) {
        mongo.getCollection(CHANGED).updateOne(Filters.eq("_id", model + "|" + environment),
                new Document("$addToSet", new Document("minutes", new Document("$each", new ArrayList<>(minutes)))),
                new UpdateOptions().upsert(true));
    }

    /** Removes what expired (on MongoDB the TTL index does it first). */
    void sweep(Date now) {
        mongo.getCollection(INDEX).deleteMany(Filters.lt("expiresAt", now));
        mongo.getCollection(LABELS).deleteMany(Filters.lt("expiresAt", now));
    }

    /** Model names and environments hold no '|', so the key is unambiguous. */
    private static String key(String model, String environment, String inferenceId) {
        return model + "|" + environment + "|" + inferenceId;
    }
}
