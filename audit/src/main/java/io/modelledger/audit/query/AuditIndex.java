package io.modelledger.audit.query;

import io.modelledger.audit.api.ChainHead;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.modelledger.audit.api.AuditFilter;
import io.modelledger.audit.api.AuditPage;
import io.modelledger.contracts.audit.AuditEntry;
import org.bson.Document;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.LongStream;

/**
 * Searching the audit trail: entries in store order, or those matching a {@link AuditFilter} through posting lists
 * (for each indexed value, such as a subject, an actor, a type, a service, a day, an hour, a request or a
 * trace, the store positions having it, in buckets of {@link AuditLogProjection#BUCKET}). The smallest list
 * drives; the other conditions are checked on the entries read.
 */
@Component
public class AuditIndex {

    /** The posting lists: {@code <key>} holds a count and its buckets, {@code <key>#<bucket>} the positions. */
    static final String POSTINGS = "audit_index";
    private static final int WINDOW = 512;

    private final MongoCollection<Document> postings;
    private final AuditEntries entries;

    public AuditIndex(MongoDatabaseFactory mongo, AuditEntries entries) {
        this.postings = mongo.getMongoDatabase().getCollection(POSTINGS);
        this.entries = entries;
    }

    /** Entries after position {@code after} in store order (positions have holes where commits failed). */
    public AuditPage page(long after, int limit) {
        return search(AuditFilter.NONE, after, limit);
    }

    /** Entries concerning one subject ({@code model:fraud}, {@code prompt:…}) after position {@code after}. */
    public AuditPage subjectPage(String subject, long after, int limit) {
        return search(new AuditFilter(subject, null, null, null, null, null, null, null), after, limit);
    }

    /** The posting-list keys an entry is indexed under (each list holds positions). */
    static List<String> indexKeys(AuditEntry e) {
        List<String> keys = new ArrayList<>();
        if (e.subject() != null) keys.add("subject:" + e.subject());
        if (e.actor() != null) keys.add("actor:" + e.actor());
        keys.add("type:" + e.type());
        keys.add("service:" + e.service());
        if (e.requestId() != null) keys.add("request:" + e.requestId());
        if (e.traceId() != null) keys.add("trace:" + e.traceId());
        java.time.Instant at = java.time.Instant.parse(e.timestamp());
        keys.add("day:" + at.atZone(java.time.ZoneOffset.UTC).toLocalDate());
        keys.add("hour:" + at.truncatedTo(java.time.temporal.ChronoUnit.HOURS));
        return keys;
    }

    /**
     * Entries matching every condition of {@code filter} after position {@code after}, in store order. The
     * smallest posting list drives (exact lookups); the other conditions are checked on the entries read.
     * With no condition, the store order is read.
     */
    public AuditPage search(AuditFilter filter, long after, int limit) {
        ChainHead chained = entries.head().orElse(ChainHead.EMPTY);
        List<List<String>> candidates = candidates(filter);
        if (candidates.isEmpty()) { // no condition, or only an open or very long time range: read in global order
            long head = chained.position();
            List<AuditEntry> found = new ArrayList<>();
            for (long from = after + 1; from <= head && found.size() <= limit; from += WINDOW) {
                entries.read(LongStream.rangeClosed(from, Math.min(head, from + WINDOW - 1)).boxed().toList()).stream()
                        .filter(e -> covered(chained, e) && matches(filter, e)).forEach(found::add);
            }
            return trim(found, limit);
        }
        List<String> driver = candidates.stream().min(Comparator.comparingLong(this::size)).orElseThrow();
        java.util.TreeSet<Long> positions = new java.util.TreeSet<>();
        for (String key : driver) {
            positions.addAll(postings(key, after));
        }
        List<AuditEntry> found = new ArrayList<>();
        List<Long> ordered = new ArrayList<>(positions);
        for (int from = 0; from < ordered.size() && found.size() <= limit; from += WINDOW) {
            entries.read(ordered.subList(from, Math.min(ordered.size(), from + WINDOW))).stream()
                   .filter(e -> covered(chained, e) && matches(filter, e)).forEach(found::add);
        }
        return trim(found, limit);
    }

    /** Every entry matching {@code filter}, in store order (for folds such as a state at an instant). */
    public List<AuditEntry> all(AuditFilter filter) {
        List<AuditEntry> entries = new ArrayList<>();
        AuditPage page = search(filter, 0, 1000);
        entries.addAll(page.items());
        while (page.next() != null) {
            page = search(filter, page.next(), 1000);
            entries.addAll(page.items());
        }
        return entries;
    }

    /**
     * Whether the head covers the entry. A batch's entries are written before its head moves, and until it has, a crash
     * may leave them to be chained again (in another order if a late event arrives meanwhile): no search returns them.
     * Entries written before format 2 carry no sequence and are all behind the head.
     */
    private static boolean covered(ChainHead head, AuditEntry entry) {
        return entry.sequence() == null || entry.sequence() <= head.sequence();
    }

    private long size(List<String> keys) {
        long total = 0;
        for (String key : keys) {
            Document index = postings.find(Filters.eq("_id", key)).first();
            total += index == null ? 0 : index.get("count", Number.class).longValue();
        }
        return total;
    }

    private List<Long> postings(String key, long after) {
        Document index = postings.find(Filters.eq("_id", key)).first();
        if (index == null) {
            return List.of();
        }
        List<String> buckets = index.getList("buckets", Number.class).stream().map(Number::longValue)
                                    .filter(b -> (b + 1) * AuditLogProjection.BUCKET > after + 1)
                                    .map(b -> key + "#" + b).toList();
        List<Long> positions = new ArrayList<>();
        for (Document posting : postings.find(Filters.in("_id", buckets))) {
            posting.getList("positions", Number.class).stream().map(Number::longValue).filter(p -> p > after).forEach(positions::add);
        }
        return positions;
    }

    private static AuditPage trim(List<AuditEntry> found, int limit) {
        if (found.size() > limit) {
            List<AuditEntry> items = found.subList(0, limit);
            return new AuditPage(items, items.getLast().position());
        }
        return new AuditPage(found, null);
    }

    static boolean matches(AuditFilter f, AuditEntry e) {
        java.time.Instant at = java.time.Instant.parse(e.timestamp());
        return (f.subject() == null || f.subject().equals(e.subject())) && (f.actor() == null || f.actor().equals(e.actor()))
                && (f.type() == null || f.type().equals(e.type())) && (f.service() == null || f.service().equals(e.service()))
                && (f.requestId() == null || f.requestId().equals(e.requestId())) && (f.traceId() == null || f.traceId().equals(e.traceId()))
                && (f.from() == null || !at.isBefore(f.from())) && (f.to() == null || at.isBefore(f.to()));
    }

    /** The posting lists that can answer this filter: one per given field, days for a time range. */
    static List<List<String>> candidates(AuditFilter f) {
        List<List<String>> keys = new ArrayList<>();
        if (f.subject() != null) keys.add(List.of("subject:" + f.subject()));
        if (f.actor() != null) keys.add(List.of("actor:" + f.actor()));
        if (f.type() != null) keys.add(List.of("type:" + f.type()));
        if (f.service() != null) keys.add(List.of("service:" + f.service()));
        if (f.requestId() != null) keys.add(List.of("request:" + f.requestId()));
        if (f.traceId() != null) keys.add(List.of("trace:" + f.traceId()));
        if (f.from() != null && f.to() != null && java.time.Duration.between(f.from(), f.to()).toHours() <= 7 * 24) {
            List<String> hours = new ArrayList<>();
            for (var hour = f.from().truncatedTo(java.time.temporal.ChronoUnit.HOURS); hour.isBefore(f.to()); hour = hour.plus(1, java.time.temporal.ChronoUnit.HOURS)) {
                hours.add("hour:" + hour);
            }
            keys.add(hours);
        } else if (f.from() != null && f.to() != null && java.time.Duration.between(f.from(), f.to()).toDays() <= 366) {
            List<String> days = new ArrayList<>();
            for (var day = f.from().atZone(java.time.ZoneOffset.UTC).toLocalDate();
                 day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().isBefore(f.to()); day = day.plusDays(1)) {
                days.add("day:" + day);
            }
            keys.add(days);
        }
        return keys;
    }
}
