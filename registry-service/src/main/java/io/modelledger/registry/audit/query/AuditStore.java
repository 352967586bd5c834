package io.modelledger.registry.audit.query;

import io.modelledger.contracts.audit.AuditEntry;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

/**
 * Reading the audit trail: pages in global order, pages of one subject through its posting lists, the head
 * of the chain, and a re-verification of the chain against the event store. Every read is an exact lookup.
 */
@Component
public class AuditStore {

    static final String ENTRIES = "audit_entries";
    static final String CHAIN = "audit_chain";
    /** Posting lists: for each indexed value (subject, actor, type, service, day, hour, request, trace) the positions having it. */
    static final String SUBJECTS = "audit_index";
    private static final int WINDOW = 512;

    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> chain;
    private final MongoCollection<Document> subjects;
    private final MongoCollection<Document> commits;

    public AuditStore(MongoDatabaseFactory mongo) {
        MongoDatabase db = mongo.getMongoDatabase();
        this.entries = db.getCollection(ENTRIES);
        this.chain = db.getCollection(CHAIN);
        this.subjects = db.getCollection(SUBJECTS);
        this.commits = db.getCollection("event_commits");
    }

    public record Head(long position, String hash) {
    }

    public record Page(List<AuditEntry> items, Long next) {
    }

    /** One broken link: the event whose stored content or chain no longer matches its entry. */
    public record Break(long position, String eventId, String problem) {
    }

    public record Verification(boolean intact, long checked, String rootHash, List<Break> breaks) {
    }

    public Optional<Head> head() {
        return Optional.ofNullable(chain.find(Filters.eq("_id", AuditLogProjection.HEAD)).first())
                       .map(d -> new Head(d.get("position", Number.class).longValue(), d.getString("hash")));
    }

    /** Entries after position {@code after} in global order (positions have holes where commits failed). */
    public Page page(long after, int limit) {
        return search(Filter.NONE, after, limit);
    }

    /** Entries concerning one subject ({@code model:fraud}, {@code prompt:…}) after position {@code after}. */
    public Page subjectPage(String subject, long after, int limit) {
        return search(new Filter(subject, null, null, null, null, null, null, null), after, limit);
    }

    /**
     * What an auditor can ask, combinable; {@code null} means any. Times are ISO-8601 instants, {@code from}
     * inclusive and {@code to} exclusive.
     */
    public record Filter(String subject, String actor, String type, String service, String requestId, String traceId,
                         java.time.Instant from, java.time.Instant to) {

        public static final Filter NONE = new Filter(null, null, null, null, null, null, null, null);

        boolean matches(AuditEntry e) {
            java.time.Instant at = java.time.Instant.parse(e.timestamp());
            return (subject == null || subject.equals(e.subject())) && (actor == null || actor.equals(e.actor()))
                    && (type == null || type.equals(e.type())) && (service == null || service.equals(e.service()))
                    && (requestId == null || requestId.equals(e.requestId())) && (traceId == null || traceId.equals(e.traceId()))
                    && (from == null || !at.isBefore(from)) && (to == null || at.isBefore(to));
        }

        /** The posting lists that can answer this filter: one per given field, days for a time range. */
        List<List<String>> candidates() {
            List<List<String>> keys = new ArrayList<>();
            if (subject != null) keys.add(List.of("subject:" + subject));
            if (actor != null) keys.add(List.of("actor:" + actor));
            if (type != null) keys.add(List.of("type:" + type));
            if (service != null) keys.add(List.of("service:" + service));
            if (requestId != null) keys.add(List.of("request:" + requestId));
            if (traceId != null) keys.add(List.of("trace:" + traceId));
            if (from != null && to != null && java.time.Duration.between(from, to).toHours() <= 7 * 24) {
                List<String> hours = new ArrayList<>();
                for (var hour = from.truncatedTo(java.time.temporal.ChronoUnit.HOURS); hour.isBefore(to); hour = hour.plus(1, java.time.temporal.ChronoUnit.HOURS)) {
                    hours.add("hour:" + hour);
                }
                keys.add(hours);
            } else if (from != null && to != null && java.time.Duration.between(from, to).toDays() <= 366) {
                List<String> days = new ArrayList<>();
                for (var day = from.atZone(java.time.ZoneOffset.UTC).toLocalDate();
                     day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().isBefore(to); day = day.plusDays(1)) {
                    days.add("day:" + day);
                }
                keys.add(days);
            }
            return keys;
        }
    }

    /** The posting-list keys an entry is indexed under. */
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
     * Entries matching every condition of {@code filter} after position {@code after}, in global order. The
     * smallest posting list drives (exact lookups); the other conditions are checked on the entries read.
     * With no condition, the global order is read.
     */
    public Page search(Filter filter, long after, int limit) {
        List<List<String>> candidates = filter.candidates();
        if (candidates.isEmpty()) { // no condition, or only an open or very long time range: read in global order
            long head = head().map(Head::position).orElse(0L);
            List<AuditEntry> found = new ArrayList<>();
            for (long from = after + 1; from <= head && found.size() <= limit; from += WINDOW) {
                read(LongStream.rangeClosed(from, Math.min(head, from + WINDOW - 1)).boxed().toList()).stream()
                        .filter(filter::matches).forEach(found::add);
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
            read(ordered.subList(from, Math.min(ordered.size(), from + WINDOW))).stream().filter(filter::matches).forEach(found::add);
        }
        return trim(found, limit);
    }

    /** Every entry matching {@code filter}, in global order (for folds such as a state at an instant). */
    public List<AuditEntry> all(Filter filter) {
        List<AuditEntry> entries = new ArrayList<>();
        Page page = search(filter, 0, 1000);
        entries.addAll(page.items());
        while (page.next() != null) {
            page = search(filter, page.next(), 1000);
            entries.addAll(page.items());
        }
        return entries;
    }

    /**
     * Entries as an export presents them: the recorded hashes, with the content recomputed from the event
     * store as it is now, so an event edited after it was recorded shows up as an entry whose hash fails.
     */
    public List<AuditEntry> asStoredNow(List<AuditEntry> recorded) {
        if (recorded.isEmpty()) {
            return recorded;
        }
        java.util.Map<Long, AuditEntry.StoredEvent> events = new java.util.HashMap<>();
        List<Long> positions = recorded.stream().map(AuditEntry::position).sorted().toList();
        if (positions.getLast() - positions.getFirst() < 4L * positions.size()) {
            // dense (a page of the global order): the commits of the range by their ids, each once
            storedEvents(positions).forEach(e -> events.put(e.position(), e));
        } else {
            // sparse (one subject across the log): by the event indexes; the embedded server repeats a
            // commit once per matching index, so each is read once
            java.util.Set<Object> seen = new java.util.HashSet<>();
            List<AuditEntry.StoredEvent> found = new ArrayList<>();
            for (Document commit : commits.find(Filters.in("indexes", positions))) {
                if (seen.add(commit.get("_id"))) {
                    addEvents(commit, found);
                }
            }
            found.forEach(e -> events.put(e.position(), e));
        }
        return recorded.stream().map(entry -> {
            AuditEntry.StoredEvent now = events.get(entry.position());
            if (now == null) {
                return entry;
            }
            AuditEntry content = AuditEntry.of(now, entry.previousHash());
            return new AuditEntry(content.position(), content.eventId(), content.type(), content.revision(), content.service(),
                                  content.aggregateType(), content.aggregateId(), content.sequenceNumber(), content.subject(),
                                  content.actor(), content.reason(), content.traceId(), content.requestId(),
                                  content.timestamp(), content.payload(), entry.previousHash(), entry.hash());
        }).toList();
    }

    private long size(List<String> keys) {
        long total = 0;
        for (String key : keys) {
            Document index = subjects.find(Filters.eq("_id", key)).first();
            total += index == null ? 0 : index.get("count", Number.class).longValue();
        }
        return total;
    }

    private List<Long> postings(String key, long after) {
        Document index = subjects.find(Filters.eq("_id", key)).first();
        if (index == null) {
            return List.of();
        }
        List<String> buckets = index.getList("buckets", Number.class).stream().map(Number::longValue)
                                    .filter(b -> (b + 1) * AuditLogProjection.BUCKET > after + 1)
                                    .map(b -> key + "#" + b).toList();
        List<Long> positions = new ArrayList<>();
        for (Document posting : subjects.find(Filters.in("_id", buckets))) {
            posting.getList("positions", Number.class).stream().map(Number::longValue).filter(p -> p > after).forEach(positions::add);
        }
        return positions;
    }

    /**
     * Recomputes every entry from the event store as it is now and follows the chain: an event edited
     * in the database, an entry edited, or a link that does not follow from its predecessor is named.
     */
    public Verification verify(int maxBreaks) {
        long head = head().map(Head::position).orElse(0L);
        List<Break> breaks = new ArrayList<>();
        String previous = AuditEntry.GENESIS;
        long checked = 0;
        for (long from = 1; from <= head; from += WINDOW) {
            List<Long> window = LongStream.rangeClosed(from, Math.min(head, from + WINDOW - 1)).boxed().toList();
            java.util.Map<Long, AuditEntry> stored = new java.util.HashMap<>();
            read(window).forEach(e -> stored.put(e.position(), e));
            for (AuditEntry.StoredEvent event : storedEvents(window)) {
                AuditEntry entry = stored.get(event.position());
                checked++;
                if (entry == null) {
                    breaks.add(new Break(event.position(), event.eventId(), "the event has no audit entry"));
                    continue;
                }
                AuditEntry expected = AuditEntry.of(event, previous);
                if (!entry.hashHolds() || !entry.previousHash().equals(previous)) {
                    breaks.add(new Break(event.position(), event.eventId(), "the audit entry does not follow from the chain"));
                } else if (!expected.hash().equals(entry.hash())) {
                    breaks.add(new Break(event.position(), event.eventId(),
                                         "the stored event no longer matches its audit entry (edited after it was recorded)"));
                }
                previous = entry.hash();
                if (breaks.size() >= maxBreaks) {
                    return new Verification(false, checked, previous, breaks);
                }
            }
        }
        return new Verification(breaks.isEmpty(), checked, previous, breaks);
    }

    /** The event at a global position, as stored. */
    Optional<AuditEntry.StoredEvent> storedEvent(long position) {
        Document commit = commits.find(Filters.eq("indexes", position)).first();
        if (commit == null) {
            return Optional.empty();
        }
        List<AuditEntry.StoredEvent> events = new ArrayList<>();
        addEvents(commit, events);
        return events.stream().filter(e -> e.position() == position).findFirst();
    }

    /** The stored events between the first and last of {@code positions} (sorted), in global order. */
    List<AuditEntry.StoredEvent> storedEvents(List<Long> positions) {
        List<AuditEntry.StoredEvent> found = new ArrayList<>();
        java.util.Set<Object> seen = new java.util.HashSet<>();
        List<Document> hits = new ArrayList<>();
        commits.find(Filters.in("_id", positions)).into(hits);
        Document straddling = commits.find(Filters.eq("indexes", positions.getFirst())).first(); // begins before the window
        if (straddling != null) {
            hits.add(straddling);
        }
        for (Document commit : hits) {
            if (seen.add(commit.get("_id"))) {
                addEvents(commit, found);
            }
        }
        found.removeIf(e -> e.position() < positions.getFirst() || e.position() > positions.getLast());
        found.sort(Comparator.comparingLong(AuditEntry.StoredEvent::position));
        return found;
    }

    private static void addEvents(Document commit, List<AuditEntry.StoredEvent> into) {
        for (Document e : commit.getList("events", Document.class)) {
            into.add(new AuditEntry.StoredEvent(e.get("globalIndex", Number.class).longValue(), e.getString("eventIdentifier"),
                                                e.getString("payloadType"), e.getString("payloadRevision"),
                                                e.getString("aggregateType"), e.getString("aggregateIdentifier"),
                                                e.get("sequenceNumber", Number.class).longValue(), e.getString("timestamp"),
                                                e.getString("payload"), e.getString("metaData")));
        }
    }

    private List<AuditEntry> read(List<Long> positions) {
        if (positions.isEmpty()) {
            return List.of();
        }
        List<AuditEntry> found = new ArrayList<>();
        for (Document d : entries.find(Filters.in("_id", positions))) {
            found.add(fromDocument(d));
        }
        found.sort(Comparator.comparingLong(AuditEntry::position));
        return found;
    }

    private static Page trim(List<AuditEntry> found, int limit) {
        if (found.size() > limit) {
            List<AuditEntry> items = found.subList(0, limit);
            return new Page(items, items.getLast().position());
        }
        return new Page(found, null);
    }

    static Document toDocument(AuditEntry e) {
        return new Document("_id", e.position()).append("eventId", e.eventId()).append("type", e.type())
                .append("revision", e.revision()).append("service", e.service()).append("aggregateType", e.aggregateType())
                .append("aggregateId", e.aggregateId()).append("sequenceNumber", e.sequenceNumber()).append("subject", e.subject())
                .append("actor", e.actor()).append("reason", e.reason()).append("traceId", e.traceId())
                .append("requestId", e.requestId()).append("timestamp", e.timestamp()).append("payload", e.payload())
                .append("previousHash", e.previousHash()).append("hash", e.hash());
    }

    static AuditEntry fromDocument(Document d) {
        Number sequence = d.get("sequenceNumber", Number.class);
        return new AuditEntry(d.get("_id", Number.class).longValue(), d.getString("eventId"), d.getString("type"),
                              d.getString("revision"), d.getString("service"), d.getString("aggregateType"),
                              d.getString("aggregateId"), sequence == null ? null : sequence.longValue(), d.getString("subject"),
                              d.getString("actor"), d.getString("reason"), d.getString("traceId"), d.getString("requestId"),
                              d.getString("timestamp"), d.getString("payload"), d.getString("previousHash"), d.getString("hash"));
    }
}
