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
 * Reading the audit trail: pages in chain order, pages of one subject through its posting lists, the head
 * of the chain, and a re-verification of the chain against the event store. Entries are keyed by their
 * store position; the chain's own order is kept in {@code audit_order} (sequence → position) for entries of
 * format 2, and is the position order for those of format 1. Every read is an exact lookup.
 */
@Component
public class AuditStore {

    static final String ENTRIES = "audit_entries";
    static final String CHAIN = "audit_chain";
    /** The chain's order: sequence → store position, for every entry of format 2. */
    static final String ORDER = "audit_order";
    /** Posting lists: for each indexed value (subject, actor, type, service, day, hour, request, trace) the positions having it. */
    static final String SUBJECTS = "audit_index";
    private static final int WINDOW = 512;

    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> chain;
    private final MongoCollection<Document> subjects;
    private final MongoCollection<Document> commits;
    private final MongoCollection<Document> order;

    public AuditStore(MongoDatabaseFactory mongo) {
        MongoDatabase db = mongo.getMongoDatabase();
        this.entries = db.getCollection(ENTRIES);
        this.chain = db.getCollection(CHAIN);
        this.subjects = db.getCollection(SUBJECTS);
        this.commits = db.getCollection("event_commits");
        this.order = db.getCollection(ORDER);
    }

    /**
     * The newest link: its sequence and hash, the highest store position chained so far, and up to which
     * sequence the chain is of format 1 (where sequence and position are the same).
     */
    public record Head(long sequence, long position, String hash, long format1Until) {
    }

    public record Page(List<AuditEntry> items, Long next) {
    }

    /** One broken link: the event whose stored content or chain no longer matches its entry. */
    public record Break(long position, String eventId, String problem) {
    }

    /** The chain recomputed from the store ({@code breaks}) and compared with the external checkpoints ({@code checkpoints}). */
    public record Verification(boolean intact, long checked, String rootHash, List<Break> breaks,
                               io.modelledger.contracts.audit.AuditCheckpoint.Check checkpoints) {
    }

    public Optional<Head> head() {
        return Optional.ofNullable(chain.find(Filters.eq("_id", AuditLogProjection.HEAD)).first()).map(AuditStore::head);
    }

    static Head head(Document d) {
        long position = d.get("position", Number.class).longValue();
        Number sequence = d.get("sequence", Number.class); // absent in heads written before format 2: sequence was position
        Number format1Until = d.get("format1Until", Number.class);
        return sequence == null ? new Head(position, position, d.getString("hash"), position)
                : new Head(sequence.longValue(), position, d.getString("hash"), format1Until == null ? 0 : format1Until.longValue());
    }

    /** Entries after position {@code after} in store order (positions have holes where commits failed). */
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

    /** Every entry matching {@code filter}, in store order (for folds such as a state at an instant). */
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
        java.util.Map<Long, AuditEntry.StoredEvent> events = eventsAt(recorded.stream().map(AuditEntry::position).toList());
        return recorded.stream().map(entry -> {
            AuditEntry.StoredEvent now = events.get(entry.position());
            return now == null ? entry
                    : AuditEntry.of(now, entry.previousHash(), entry.format(), entry.sequence()).withRecorded(entry.previousHash(), entry.hash());
        }).toList();
    }

    /** The stored events at these store positions, by position. */
    java.util.Map<Long, AuditEntry.StoredEvent> eventsAt(List<Long> unsorted) {
        java.util.Map<Long, AuditEntry.StoredEvent> events = new java.util.HashMap<>();
        if (unsorted.isEmpty()) {
            return events;
        }
        List<Long> positions = unsorted.stream().distinct().sorted().toList();
        if (positions.getLast() - positions.getFirst() < 4L * positions.size()) {
            // dense (a page of the chain): the commits of the range by their ids, each once
            storedEvents(positions).forEach(e -> events.put(e.position(), e));
            if (events.keySet().containsAll(positions)) {
                return events;
            }
        }
        // sparse (one subject across the log, or an event chained late): by the event indexes; the embedded
        // server repeats a commit once per matching index, so each is read once
        java.util.Set<Object> seen = new java.util.HashSet<>();
        List<AuditEntry.StoredEvent> found = new ArrayList<>();
        for (Document commit : commits.find(Filters.in("indexes", positions))) {
            if (seen.add(commit.get("_id"))) {
                addEvents(commit, found);
            }
        }
        found.forEach(e -> events.put(e.position(), e));
        return events;
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
     * Recomputes every entry from the event store as it is now and follows the chain in its order: an event
     * edited in the database, an entry edited, or a link that does not follow from its predecessor is named;
     * then every stored event up to the head must have an entry. Someone who edits an event and recomputes
     * every later hash passes that walk; the checkpoints kept outside the database catch them.
     */
    public Verification verify(int maxBreaks, List<io.modelledger.contracts.audit.AuditCheckpoint> external,
                               java.security.PublicKey key) {
        Head head = head().orElse(new Head(0, 0, AuditEntry.GENESIS, 0));
        io.modelledger.contracts.audit.AuditCheckpoint.Check checkpoints = io.modelledger.contracts.audit.AuditCheckpoint.check(
                external, key, s -> entryAt(s).map(AuditEntry::hash).orElse(null), head.sequence());
        List<Break> breaks = new ArrayList<>();
        String previous = AuditEntry.GENESIS;
        long checked = 0;
        java.util.BitSet chained = new java.util.BitSet();
        for (long from = 1; from <= head.sequence(); from += WINDOW) {
            List<AuditEntry> window = chainWindow(head, from, Math.min(head.sequence(), from + WINDOW - 1));
            java.util.Map<Long, AuditEntry.StoredEvent> events = eventsAt(window.stream().map(AuditEntry::position).toList());
            for (AuditEntry entry : window) {
                checked++;
                chained.set(Math.toIntExact(entry.position()));
                AuditEntry.StoredEvent event = events.get(entry.position());
                if (!entry.hashHolds() || !entry.previousHash().equals(previous)) {
                    breaks.add(new Break(entry.position(), entry.eventId(), "the audit entry does not follow from the chain"));
                } else if (event == null) {
                    breaks.add(new Break(entry.position(), entry.eventId(), "the event of this audit entry is not in the store"));
                } else if (!AuditEntry.of(event, previous, entry.format(), entry.sequence()).hash().equals(entry.hash())) {
                    breaks.add(new Break(entry.position(), entry.eventId(),
                                         "the stored event no longer matches its audit entry (edited after it was recorded)"));
                }
                previous = entry.hash();
                if (breaks.size() >= maxBreaks) {
                    return new Verification(false, checked, previous, breaks, checkpoints);
                }
            }
        }
        for (long from = 1; from <= head.position(); from += WINDOW) {
            for (AuditEntry.StoredEvent event : storedEvents(LongStream.rangeClosed(from, Math.min(head.position(), from + WINDOW - 1))
                                                                        .boxed().toList())) {
                if (!chained.get(Math.toIntExact(event.position()))) {
                    breaks.add(new Break(event.position(), event.eventId(), "the event has no audit entry"));
                    if (breaks.size() >= maxBreaks) {
                        return new Verification(false, checked, previous, breaks, checkpoints);
                    }
                }
            }
        }
        return new Verification(breaks.isEmpty() && checkpoints.holds(), checked, previous, breaks, checkpoints);
    }

    /** The entry at a sequence of the chain, as recorded. */
    public Optional<AuditEntry> entryAt(long sequence) {
        Head head = head().orElse(null);
        if (head == null || sequence < 1 || sequence > head.sequence()) {
            return Optional.empty();
        }
        return chainWindow(head, sequence, sequence).stream().findFirst();
    }

    /** The entries with sequences {@code from}..{@code to}, in chain order (format-1 sequences are positions, with holes). */
    public List<AuditEntry> chainWindow(Head head, long from, long to) {
        List<Long> positions = new ArrayList<>();
        List<Long> ordered = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            if (s <= head.format1Until()) {
                positions.add(s);
            } else {
                ordered.add(s);
            }
        }
        if (!ordered.isEmpty()) {
            for (Document link : order.find(Filters.in("_id", ordered))) {
                positions.add(link.get("position", Number.class).longValue());
            }
        }
        List<AuditEntry> window = new ArrayList<>(read(positions));
        window.sort(Comparator.comparingLong(AuditEntry::chainSequence));
        return window;
    }

    /**
     * The store position of an event, by its id: used only for an event delivered out of order (its commit
     * landed late). A scan on servers that ignore non-unique indexes, so it is kept to those rare events.
     */
    Optional<Long> positionOf(String eventId) {
        Document commit = commits.find(Filters.eq("events.eventIdentifier", eventId)).first();
        if (commit == null) {
            return Optional.empty();
        }
        List<AuditEntry.StoredEvent> events = new ArrayList<>();
        addEvents(commit, events);
        return events.stream().filter(e -> e.eventId().equals(eventId)).map(AuditEntry.StoredEvent::position).findFirst();
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
        return new Document("_id", e.position()).append("sequence", e.format() == null ? null : e.sequence())
                .append("format", e.format())
                .append("actorRoles", e.actorRoles()).append("authMethod", e.authMethod()).append("credential", e.credential())
                .append("traceparent", e.traceparent()).append("eventId", e.eventId()).append("type", e.type())
                .append("revision", e.revision()).append("service", e.service()).append("aggregateType", e.aggregateType())
                .append("aggregateId", e.aggregateId()).append("sequenceNumber", e.sequenceNumber()).append("subject", e.subject())
                .append("actor", e.actor()).append("reason", e.reason()).append("traceId", e.traceId())
                .append("requestId", e.requestId()).append("timestamp", e.timestamp()).append("payload", e.payload())
                .append("previousHash", e.previousHash()).append("hash", e.hash());
    }

    static AuditEntry fromDocument(Document d) {
        Number sequence = d.get("sequenceNumber", Number.class);
        long position = d.get("_id", Number.class).longValue();
        Number chained = d.get("sequence", Number.class); // absent in entries of format 1: their sequence is their position
        long chainSequence = chained == null ? position : chained.longValue();
        Number format = d.get("format", Number.class);
        return new AuditEntry(position, d.getString("eventId"), d.getString("type"),
                              d.getString("revision"), d.getString("service"), d.getString("aggregateType"),
                              d.getString("aggregateId"), sequence == null ? null : sequence.longValue(), d.getString("subject"),
                              d.getString("actor"), d.getString("reason"), d.getString("traceId"), d.getString("requestId"),
                              d.getString("timestamp"), d.getString("payload"), d.getString("previousHash"), d.getString("hash"),
                              format == null ? null : format.intValue(), chainSequence, d.getString("actorRoles"),
                              d.getString("authMethod"), d.getString("credential"), d.getString("traceparent"));
    }
}
