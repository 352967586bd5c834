package io.modelledger.monitor.feedback.query;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.modelledger.contracts.monitor.FeedbackRecorded;
import io.modelledger.monitor.telemetry.query.MinuteDirectory;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Feedback by deployment and minute, from {@link FeedbackRecorded}: one document per batch (replaced whole)
 * and a directory per model, environment and minute listing the batches (added to a set), so handling a
 * batch twice counts it once and a window reads exact ids.
 */
@Component
@ProcessingGroup("monitor-feedback")
public class FeedbackStore {

    static final String BATCHES = "monitor_feedback";
    static final String DIRECTORY = "monitor_feedback_minutes";

    private final MongoTemplate mongo;

    public FeedbackStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @org.axonframework.eventhandling.ResetHandler
    void reset() {
        mongo.dropCollection(BATCHES);
        mongo.dropCollection(DIRECTORY);
    }

    @EventHandler
    void on(FeedbackRecorded event) {
        List<Document> items = new ArrayList<>();
        Map<String, Boolean> minutes = new LinkedHashMap<>();
        for (FeedbackRecorded.Item item : event.items()) {
            items.add(new Document("version", item.modelVersion()).append("environment", item.environment())
                              .append("ts", item.timestamp().toEpochMilli()).append("negative", item.negative()));
            minutes.put(MinuteDirectory.id(event.modelName(), item.environment(), MinuteDirectory.minute(item.timestamp().toEpochMilli())),
                        true);
        }
        mongo.getCollection(BATCHES).replaceOne(Filters.eq("_id", event.batchId()),
                new Document("_id", event.batchId()).append("model", event.modelName()).append("items", items)
                        .append("bound", Boolean.TRUE.equals(event.fromBoundKey())),
                new ReplaceOptions().upsert(true));
        minutes.keySet().forEach(id -> mongo.getCollection(DIRECTORY).updateOne(Filters.eq("_id", id),
                Updates.addToSet("batches", event.batchId()), new UpdateOptions().upsert(true)));
    }

    /** Feedback counts of a deployment over [from, to): total and negative. */
    public record Counts(long total, long negative) {

        public double negativeShare() {
            return total == 0 ? Double.NaN : (double) negative / total;
        }
    }

    public Counts counts(String model, String environment, Instant from, Instant to) {
        Counts all = new Counts(0, 0);
        for (Counts c : countsByVersion(model, environment, from, to, false).values()) {
            all = new Counts(all.total() + c.total(), all.negative() + c.negative());
        }
        return all;
    }

    /**
     * Feedback counts of a deployment over [from, to) per version; {@code boundOnly}: only batches an ingest key bound to
     * the deployment sent (a canary's evidence).
     */
    public Map<Integer, Counts> countsByVersion(String model, String environment, Instant from, Instant to, boolean boundOnly) {
        List<String> minuteIds = MinuteDirectory.ids(model, environment, from, to);
        Set<String> batches = new HashSet<>();
        for (Document minute : mongo.getCollection(DIRECTORY).find(Filters.in("_id", minuteIds))) {
            batches.addAll(minute.getList("batches", String.class));
        }
        Map<Integer, long[]> counts = new java.util.TreeMap<>();
        Set<String> seen = new HashSet<>();
        if (!batches.isEmpty()) {
            for (Document batch : mongo.getCollection(BATCHES).find(Filters.in("_id", new ArrayList<>(batches)))) {
                if (!seen.add(batch.getString("_id")) || boundOnly && !Boolean.TRUE.equals(batch.getBoolean("bound"))) {
                    continue;
                }
                for (Document item : batch.getList("items", Document.class)) {
                    long ts = item.getLong("ts");
                    if (environment.equals(item.getString("environment")) && ts >= from.toEpochMilli() && ts < to.toEpochMilli()) {
                        long[] c = counts.computeIfAbsent(item.getInteger("version"), v -> new long[2]);
                        c[0]++;
                        c[1] += item.getBoolean("negative") ? 1 : 0;
                    }
                }
            }
        }
        Map<Integer, Counts> byVersion = new java.util.TreeMap<>();
        counts.forEach((version, c) -> byVersion.put(version, new Counts(c[0], c[1])));
        return byVersion;
    }
}
