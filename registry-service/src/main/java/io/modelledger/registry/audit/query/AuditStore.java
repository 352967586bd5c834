package io.modelledger.registry.audit.query;

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
    static final String SUBJECTS = "audit_subjects";
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
        long head = head().map(Head::position).orElse(0L);
        List<AuditEntry> found = new ArrayList<>();
        long from = after + 1;
        while (found.size() < limit && from <= head) {
            long to = Math.min(head, from + WINDOW - 1);
            found.addAll(read(LongStream.rangeClosed(from, to).boxed().toList()));
            from = to + 1;
        }
        return trim(found, limit, head);
    }

    /** Entries concerning one subject ({@code model:fraud}, {@code prompt:…}) after position {@code after}. */
    public Page subjectPage(String subject, long after, int limit) {
        Document index = subjects.find(Filters.eq("_id", subject)).first();
        if (index == null) {
            return new Page(List.of(), null);
        }
        List<Long> buckets = index.getList("buckets", Number.class).stream().map(Number::longValue).sorted()
                                  .filter(b -> (b + 1) * AuditLogProjection.BUCKET > after + 1).toList();
        List<AuditEntry> found = new ArrayList<>();
        for (int i = 0; i < buckets.size() && found.size() <= limit; i++) {
            Document posting = subjects.find(Filters.eq("_id", subject + "#" + buckets.get(i))).first();
            List<Long> positions = posting.getList("positions", Number.class).stream().map(Number::longValue)
                                          .filter(p -> p > after).sorted().toList();
            found.addAll(read(positions));
        }
        return trim(found, limit, Long.MAX_VALUE);
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

    private List<AuditEntry.StoredEvent> storedEvents(List<Long> positions) {
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

    private static Page trim(List<AuditEntry> found, int limit, long head) {
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
