package io.modelledger.platform.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.modelledger.contracts.audit.AuditEntry.StoredEvent;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;

import static io.modelledger.platform.eventstore.MongoEventStorageEngine.AGGREGATE_ID;
import static io.modelledger.platform.eventstore.MongoEventStorageEngine.AGGREGATE_TYPE;
import static io.modelledger.platform.eventstore.MongoEventStorageEngine.EVENTS;
import static io.modelledger.platform.eventstore.MongoEventStorageEngine.EVENT_ID;
import static io.modelledger.platform.eventstore.MongoEventStorageEngine.GLOBAL_INDEX;
import static io.modelledger.platform.eventstore.MongoEventStorageEngine.INDEXES;
import static io.modelledger.platform.eventstore.MongoEventStorageEngine.METADATA;
import static io.modelledger.platform.eventstore.MongoEventStorageEngine.PAYLOAD;
import static io.modelledger.platform.eventstore.MongoEventStorageEngine.PAYLOAD_REVISION;
import static io.modelledger.platform.eventstore.MongoEventStorageEngine.PAYLOAD_TYPE;
import static io.modelledger.platform.eventstore.MongoEventStorageEngine.SEQUENCE;
import static io.modelledger.platform.eventstore.MongoEventStorageEngine.TIMESTAMP;

/**
 * The stored events of a {@link MongoEventStorageEngine}, exactly as written (payload and metadata JSON byte
 * for byte, no upcasting), by global position or by event id. The audit chain hashes this form, so it is read
 * here, next to the engine that defines the layout, and nowhere else.
 * <p>
 * Every read is an exact lookup on a commit's first index ({@code _id}) or on the unique multikey
 * {@code indexes}; a commit found twice (the embedded server repeats a document once per matching multikey
 * value) is read once.
 */
public final class StoredEventReader {

    private final MongoCollection<Document> commits;

    StoredEventReader(MongoCollection<Document> commits) {
        this.commits = commits;
    }

    /** The stored events at positions {@code first}..{@code last} (inclusive), in global order; holes are skipped. */
    public List<StoredEvent> range(long first, long last) {
        if (last < first) {
            return List.of();
        }
        List<Document> hits = new ArrayList<>();
        commits.find(Filters.in("_id", LongStream.rangeClosed(first, last).boxed().toList())).into(hits);
        Document straddling = commits.find(Filters.eq(INDEXES, first)).first(); // a commit that begins before the range
        if (straddling != null) {
            hits.add(straddling);
        }
        List<StoredEvent> found = eventsOf(hits);
        found.removeIf(e -> e.position() < first || e.position() > last);
        found.sort(Comparator.comparingLong(StoredEvent::position));
        return found;
    }

    /**
     * The stored events at these positions, by position (absent where there is none). Dense positions (a page
     * of the chain) are read as a range of commits; sparse ones (one subject across the log) by the index.
     */
    public Map<Long, StoredEvent> at(Collection<Long> unsorted) {
        Map<Long, StoredEvent> events = new HashMap<>();
        if (unsorted.isEmpty()) {
            return events;
        }
        List<Long> positions = unsorted.stream().distinct().sorted().toList();
        Set<Long> wanted = new HashSet<>(positions);
        if (positions.getLast() - positions.getFirst() < 4L * positions.size()) {
            range(positions.getFirst(), positions.getLast()).stream().filter(e -> wanted.contains(e.position()))
                                                          .forEach(e -> events.put(e.position(), e));
            if (events.size() == wanted.size()) {
                return events;
            }
        }
        eventsOf(commits.find(Filters.in(INDEXES, positions))).stream().filter(e -> wanted.contains(e.position()))
                                                               .forEach(e -> events.put(e.position(), e));
        return events;
    }

    /** The stored event at one global position. */
    public Optional<StoredEvent> at(long position) {
        return Optional.ofNullable(at(List.of(position)).get(position));
    }

    /**
     * The global position of an event, by its id. Not indexed: a scan on servers that ignore non-unique
     * indexes, so it is meant for rare lookups (an event whose commit landed late).
     */
    public Optional<Long> positionOf(String eventId) {
        Document commit = commits.find(Filters.eq(EVENTS + "." + EVENT_ID, eventId)).first();
        return commit == null ? Optional.empty()
                : eventsOf(List.of(commit)).stream().filter(e -> e.eventId().equals(eventId)).map(StoredEvent::position).findFirst();
    }

    private static List<StoredEvent> eventsOf(Iterable<Document> found) {
        List<StoredEvent> events = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        for (Document commit : found) {
            if (!seen.add(commit.get("_id"))) {
                continue;
            }
            for (Document e : commit.getList(EVENTS, Document.class)) {
                events.add(new StoredEvent(e.get(GLOBAL_INDEX, Number.class).longValue(), e.getString(EVENT_ID),
                                           e.getString(PAYLOAD_TYPE), e.getString(PAYLOAD_REVISION), e.getString(AGGREGATE_TYPE),
                                           e.getString(AGGREGATE_ID), e.get(SEQUENCE, Number.class).longValue(),
                                           e.getString(TIMESTAMP), e.getString(PAYLOAD), e.getString(METADATA)));
            }
        }
        return events;
    }
}
