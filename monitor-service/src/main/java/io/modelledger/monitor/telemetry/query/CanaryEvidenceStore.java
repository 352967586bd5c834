package io.modelledger.monitor.telemetry.query;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.modelledger.platform.mongo.Upserts;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a canary analysis reads, kept as the evidence arrives: per deployment, version and minute, the counts of the
 * records that keys bound to that deployment sent (records, errors, safety-flagged), their latency (rounded to three
 * significant digits) and token counts as frequency tables, and per online check the count, sum and sum of squares of
 * its scores. An analysis over a million records per arm then reads a few documents per minute, not the records.
 * Each record document is counted once: an update adds it only where the minute does not list it yet (a repeat
 * matches nothing, and its upsert collides with the minute's id). A crash between storing a batch and counting it
 * leaves that batch out of the canary counts (its retry is a duplicate and counts nothing).
 */
@Component
public class CanaryEvidenceStore {

    static final String MINUTES = "monitor_canary_minutes";
    private static final long MINUTE = 60_000L;

    private final MongoTemplate mongo;

    public CanaryEvidenceStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Per check, the size, sum and sum of squares of its scores. */
    public record Moments(long n, double sum, double squares) {

        public double mean() {
            return sum / n;
        }

        /** The sample variance (ddof 1). */
        public double variance() {
            return n < 2 ? Double.NaN : Math.max(0, (squares - sum * sum / n) / (n - 1));
        }
    }

    /** One version's evidence over a span of minutes: latency in milliseconds, tokens as counts, each value → how often. */
    public record Arm(long records, long errors, long flagged, Map<Double, Long> latency, Map<Double, Long> promptTokens,
                      Map<Double, Long> completionTokens, Map<String, Moments> scores, Map<String, String> kinds) {

        public static Arm empty() {
            return new Arm(0, 0, 0, Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
        }
    }

    /** Counts a stored document of evidence (one model, version, environment and minute). */
    void count(TelemetryStore.Stored stored, Date expiresAt) {
        List<InferenceRecord> records = stored.records();
        InferenceRecord head = records.get(0);
        Map<String, Long> increments = new HashMap<>();
        long errors = 0;
        long flagged = 0;
        for (InferenceRecord r : records) {
            errors += r.error() ? 1 : 0;
            flagged += r.safetyFlags().isEmpty() ? 0 : 1;
            if (r.latencyMs() != null && Double.isFinite(r.latencyMs()) && r.latencyMs() >= 0) {
                increments.merge("lat." + latencyKey(r.latencyMs()), 1L, Long::sum);
            }
            increments.merge("pt." + r.promptTokens(), 1L, Long::sum);
            increments.merge("ct." + r.completionTokens(), 1L, Long::sum);
        }
        Document inc = new Document("records", (long) records.size()).append("errors", errors).append("flagged", flagged);
        increments.forEach(inc::append);
        add(id(head.model(), head.environment(), head.version(), MinuteDirectory.minute(head.timestampMillis())), stored.documentId(), "docs",
            new Document("$inc", inc).append("$set", new Document("expiresAt", expiresAt)));
    }

    /** Counts the online scores of a document of evidence (nothing for other documents). */
    void countScores(Document recordDocument, Map<String, List<Double>> checks, Map<String, String> kinds, Date expiresAt) {
        if (!Boolean.TRUE.equals(recordDocument.getBoolean("evidence")) || checks.isEmpty()) {
            return;
        }
        Document agg = recordDocument.get("agg", Document.class);
        long minute = MinuteDirectory.minute(((Number) agg.get("first")).longValue());
        Document inc = new Document();
        Document set = new Document("expiresAt", expiresAt);
        checks.forEach((check, scores) -> {
            long n = 0;
            double sum = 0;
            double squares = 0;
            for (Double score : scores) {
                if (score != null && Double.isFinite(score)) {
                    n++;
                    sum += score;
                    squares += score * score;
                }
            }
            String key = fieldKey(check);
            inc.append("s." + key + ".n", n).append("s." + key + ".sum", sum).append("s." + key + ".sq", squares);
            set.append("kinds." + key, kinds.getOrDefault(check, check));
        });
        add(id(recordDocument.getString("model"), recordDocument.getString("environment"), recordDocument.getInteger("version"), minute),
            recordDocument.getString("_id"), "scored", new Document("$inc", inc).append("$set", set));
    }

    /** The projection {@link #countScores} needs of a record document. */
    static final org.bson.conversions.Bson SCORED = Projections.include("model", "environment", "version", "agg.first", "evidence");

    private void add(String minuteId, String documentId, String listedIn, Document update) {
        update.append("$push", new Document(listedIn, documentId));
        Upserts.once(mongo.getCollection(MINUTES), minuteId, listedIn, null, documentId, update);
    }

    /**
     * Per version, the evidence of a deployment in the minutes that overlap [{@code from}, {@code to}) (a minute is the
     * unit: the first minute of a split also holds the primary's records from just before it, of the same version).
     */
    public Map<Integer, Arm> arms(String model, String environment, Collection<Integer> versions, Instant from, Instant to) {
        List<String> ids = new ArrayList<>();
        Map<String, Integer> versionOf = new HashMap<>();
        for (long m = MinuteDirectory.minute(from.toEpochMilli()); m < to.toEpochMilli(); m += MINUTE) {
            for (int version : versions) {
                String id = id(model, environment, version, m);
                ids.add(id);
                versionOf.put(id, version);
            }
        }
        Map<Integer, Builder> builders = new TreeMap<>();
        versions.forEach(v -> builders.put(v, new Builder()));
        for (int p = 0; p < ids.size(); p += 500) {
            for (Document minute : mongo.getCollection(MINUTES).find(Filters.in("_id", ids.subList(p, Math.min(ids.size(), p + 500))))
                                        .projection(Projections.exclude("docs", "scored"))) {
                builders.get(versionOf.get(minute.getString("_id"))).add(minute);
            }
        }
        Map<Integer, Arm> arms = new TreeMap<>();
        builders.forEach((version, builder) -> arms.put(version, builder.build()));
        return arms;
    }

    private static final class Builder {
        long records;
        long errors;
        long flagged;
        final Map<Double, Long> latency = new HashMap<>();
        final Map<Double, Long> promptTokens = new HashMap<>();
        final Map<Double, Long> completionTokens = new HashMap<>();
        final Map<String, double[]> scores = new TreeMap<>();
        final Map<String, String> kinds = new TreeMap<>();

        void add(Document minute) {
            records += number(minute.get("records"));
            errors += number(minute.get("errors"));
            flagged += number(minute.get("flagged"));
            table(minute.get("lat", Document.class), latency, 1000.0);
            table(minute.get("pt", Document.class), promptTokens, 1);
            table(minute.get("ct", Document.class), completionTokens, 1);
            Document s = minute.get("s", Document.class);
            if (s != null) {
                for (String check : s.keySet()) {
                    Document m = s.get(check, Document.class);
                    double[] sums = scores.computeIfAbsent(unfieldKey(check), k -> new double[3]);
                    sums[0] += number(m.get("n"));
                    sums[1] += ((Number) m.get("sum")).doubleValue();
                    sums[2] += ((Number) m.get("sq")).doubleValue();
                }
            }
            Document k = minute.get("kinds", Document.class);
            if (k != null) {
                k.forEach((check, kind) -> kinds.put(unfieldKey(check), String.valueOf(kind)));
            }
        }

        private static void table(Document counts, Map<Double, Long> into, double divisor) {
            if (counts != null) {
                counts.forEach((value, count) -> into.merge(Long.parseLong(value) / divisor, number(count), Long::sum));
            }
        }

        Arm build() {
            Map<String, Moments> moments = new TreeMap<>();
            scores.forEach((check, s) -> moments.put(check, new Moments((long) s[0], s[1], s[2])));
            return new Arm(records, errors, flagged, Map.copyOf(latency), Map.copyOf(promptTokens), Map.copyOf(completionTokens),
                           moments, Map.copyOf(kinds));
        }
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    /**
     * A latency as the key of its table: microseconds, rounded to three significant digits from one millisecond up
     * (0.1% resolution: finer differences are noise, and the table stays a few thousand entries however many records).
     */
    static long latencyKey(double milliseconds) {
        long micros = Math.round(milliseconds * 1000);
        if (micros < 1000) {
            return micros;
        }
        long scale = 1;
        while (micros / scale >= 1000) {
            scale *= 10;
        }
        return Math.round((double) micros / scale) * scale;
    }

    private static String id(String model, String environment, int version, long minute) {
        return model + "|" + environment + "|" + version + "|" + minute;
    }

    /** A check name as a field name: MongoDB reads '.' as a path and '$' as an operator. */
    private static String fieldKey(String name) {
        return name.replace("%", "%25").replace(".", "%2E").replace("$", "%24");
    }

    private static String unfieldKey(String key) {
        return key.replace("%2E", ".").replace("%24", "$").replace("%25", "%");
    }
}
