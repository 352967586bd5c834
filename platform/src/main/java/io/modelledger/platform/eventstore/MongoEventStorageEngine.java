package io.modelledger.platform.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.modelledger.contracts.metadata.MetadataKeys;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngine;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Projections.include;

/**
 * Axon {@code EventStorageEngine} on MongoDB with global sequence numbers, the semantics of Axon's
 * {@code JdbcEventStorageEngine} on a store without transactions or sequences.
 *
 * <p>Layout: one document per commit (all events one unit of work appends), so a multi-event append is
 * atomic. A commit lists its global {@code indexes} and its aggregate {@code keys}
 * ({@code "<aggregateId>:<sequenceNumber>"}), each under a unique multikey index: two commits can never
 * claim the same aggregate sequence number (optimistic concurrency), and trackers and aggregate loads
 * find commits by exact values ({@code $in}), never by range scans.
 *
 * <p>Global indexes are reserved by one {@code $inc} on a counter immediately before the insert. A
 * reservation whose insert fails on a concurrency conflict is filled at once with an empty tombstone
 * commit; one whose writer dies stays a gap. Trackers deliver strictly in global order: they wait at a
 * missing index until a later commit shows the reservation is older than {@code gapTimeout}, then pass
 * it, keeping it as a gap of the {@link GapAwareTrackingToken} (bounded by {@code maxGapOffset}). A
 * commit that lands after that is still delivered (out of order) while its gap is in the token, and is
 * reported by the writer, which sees that its own commit landed later than the gap timeout.
 */
public class MongoEventStorageEngine extends BatchingEventStorageEngine {

    private static final Logger log = LoggerFactory.getLogger(MongoEventStorageEngine.class);

    static final String COUNTER_ID = "global-index";
    static final String INDEXES = "indexes";
    static final String KEYS = "keys";
    static final String RESERVED_AT = "reservedAt";
    static final String COMMITTED_TS = "timestamp";
    static final String EVENTS = "events";
    // the fields of one event inside a commit; StoredEventReader reads them for the audit
    static final String GLOBAL_INDEX = "globalIndex";
    static final String EVENT_ID = "eventIdentifier";
    static final String AGGREGATE_TYPE = "aggregateType";
    static final String AGGREGATE_ID = "aggregateIdentifier";
    static final String SEQUENCE = "sequenceNumber";
    static final String TIMESTAMP = "timestamp";
    static final String PAYLOAD_TYPE = "payloadType";
    static final String PAYLOAD_REVISION = "payloadRevision";
    static final String PAYLOAD = "payload";
    static final String METADATA = "metaData";

    private final MongoCollection<Document> commits;
    private final MongoCollection<Document> snapshots;
    private final MongoCollection<Document> counters;
    private final MongoCollection<Document> lateCommits;
    private final Duration gapTimeout;
    private final int maxGapOffset;
    private final Clock clock;
    private final boolean requireActor;

    protected MongoEventStorageEngine(Builder builder) {
        super(builder);
        MongoDatabase db = builder.database;
        String prefix = builder.collectionPrefix;
        this.commits = db.getCollection(prefix + "commits");
        this.snapshots = db.getCollection(prefix + "snapshots");
        this.counters = db.getCollection(prefix + "counters");
        this.lateCommits = db.getCollection(prefix + "late_commits");
        this.gapTimeout = builder.gapTimeout;
        this.maxGapOffset = builder.maxGapOffset;
        this.clock = builder.clock;
        this.requireActor = builder.requireActor;
        if (builder.createIndexes) {
            ensureIndexes();
        }
        repairCounterIfBehind();
    }

    /**
     * At start, one exact lookup: a counter behind the stored commits (one collection restored from an older backup)
     * would make trackers, which ask only for reserved indexes, find the commits beyond it one fetch at a time, and
     * wait at a gap there until the next append repaired it. It is moved up now instead.
     */
    private void repairCounterIfBehind() {
        if (commits.find(eq(INDEXES, reservedHead() + 1)).projection(include("_id")).first() != null) {
            repairCounter();
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Creates the unique multikey indexes the engine relies on for concurrency control and lookups. */
    public void ensureIndexes() {
        commits.createIndex(Indexes.ascending(INDEXES), new IndexOptions().unique(true).name("uniq_indexes"));
        commits.createIndex(Indexes.ascending(KEYS), new IndexOptions().unique(true).name("uniq_keys"));
    }

    /** A reader of the stored events in this engine's layout, for code that needs them as stored (the audit). */
    public StoredEventReader reader() {
        return new StoredEventReader(commits);
    }

    /** Commits reported as having landed later than the gap timeout after their reservation. */
    public MongoCollection<Document> lateCommitCollection() {
        return lateCommits;
    }

    // ---------------------------------------------------------------------------------------------------
    // appending

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (events.isEmpty()) {
            return;
        }
        if (requireActor) {
            for (EventMessage<?> event : events) {
                if (!(event.getMetaData().get(MetadataKeys.ACTOR) instanceof String actor) || actor.isBlank()) {
                    throw new MissingActorException(event);
                }
            }
        }
        List<String> keys = new ArrayList<>(events.size());
        List<Document> eventDocs = new ArrayList<>(events.size());
        for (EventMessage<?> event : events) {
            SerializedObject<String> payload = event.serializePayload(serializer, String.class);
            SerializedObject<String> metaData = event.serializeMetaData(serializer, String.class);
            String aggregateId;
            long sequence;
            String type;
            if (event instanceof DomainEventMessage<?> domain && domain.getAggregateIdentifier() != null) {
                aggregateId = domain.getAggregateIdentifier();
                sequence = domain.getSequenceNumber();
                type = domain.getType();
            } else {
                // like the JDBC engine: a non-domain event is its own one-event "aggregate"
                aggregateId = event.getIdentifier();
                sequence = 0;
                type = null;
            }
            keys.add(aggregateKey(aggregateId, sequence));
            eventDocs.add(new Document(GLOBAL_INDEX, null)
                                  .append(EVENT_ID, event.getIdentifier())
                                  .append(AGGREGATE_TYPE, type)
                                  .append(AGGREGATE_ID, aggregateId)
                                  .append(SEQUENCE, sequence)
                                  .append(TIMESTAMP, event.getTimestamp().toString())
                                  .append(PAYLOAD_TYPE, payload.getType().getName())
                                  .append(PAYLOAD_REVISION, payload.getType().getRevision())
                                  .append(PAYLOAD, payload.getData())
                                  .append(METADATA, metaData.getData()));
        }
        long committedTimestamp = events.get(0).getTimestamp().toEpochMilli();
        for (int attempt = 1; ; attempt++) {
            long last = reserve(events.size());
            long first = last - events.size() + 1;
            long reservedAt = clock.millis();
            List<Long> indexes = LongStream.rangeClosed(first, last).boxed().toList();
            for (int i = 0; i < eventDocs.size(); i++) {
                eventDocs.get(i).put(GLOBAL_INDEX, indexes.get(i));
            }
            Document commit = new Document("_id", first)
                    .append(INDEXES, indexes)
                    .append(KEYS, keys)
                    .append(RESERVED_AT, reservedAt)
                    .append(COMMITTED_TS, committedTimestamp)
                    .append(EVENTS, eventDocs);
            try {
                insertCommit(commit);
            } catch (MongoException e) {
                if (collidesOnGlobalIndex(e) && attempt < 3) {
                    repairCounter(); // the counter fell behind the stored commits (e.g. restored from a backup)
                    continue;
                }
                if (isConcurrencyConflict(e)) {
                    fillWithTombstone(first, last, reservedAt);
                }
                handlePersistenceException(e, conflictingEvent(events, e));
                throw e; // not reached: the handler always throws
            }
            long landedAfter = clock.millis() - reservedAt;
            if (landedAfter >= gapTimeout.toMillis()) {
                reportLateCommit(first, last, reservedAt, landedAfter);
            }
            return;
        }
    }

    /** Moves the counter past the highest stored index (a sort: only after a collision on global indexes). */
    private void repairCounter() {
        Document newest = commits.find().sort(Sorts.descending("_id")).projection(include(INDEXES)).first();
        if (newest == null) {
            return;
        }
        long highest = newest.getList(INDEXES, Number.class).getLast().longValue();
        log.error("The global index counter was behind the stored commits; moving it to {}", highest);
        counters.updateOne(eq("_id", COUNTER_ID), Updates.max("value", highest), new UpdateOptions().upsert(true));
    }

    /** Inserts one commit document. Overridable as an extension point (metrics, fault injection in tests). */
    protected void insertCommit(Document commit) {
        commits.insertOne(commit);
    }

    /** Reserves {@code count} consecutive global indexes and returns the last of them. */
    protected long reserve(int count) {
        Document counter = counters.findOneAndUpdate(eq("_id", COUNTER_ID), Updates.inc("value", (long) count),
                                                     new FindOneAndUpdateOptions().upsert(true)
                                                                                  .returnDocument(ReturnDocument.AFTER));
        return ((Number) counter.get("value")).longValue();
    }

    private void fillWithTombstone(long first, long last, long reservedAt) {
        List<Long> indexes = LongStream.rangeClosed(first, last).boxed().toList();
        List<String> keys = indexes.stream().map(i -> "#void:" + i).toList();
        try {
            commits.insertOne(new Document("_id", first).append(INDEXES, indexes).append(KEYS, keys)
                                                        .append(RESERVED_AT, reservedAt)
                                                        .append(COMMITTED_TS, reservedAt)
                                                        .append(EVENTS, List.of()));
        } catch (RuntimeException e) {
            // trackers pass the gap after the gap timeout instead
            log.warn("Could not fill the reserved indexes {}..{} after a rejected commit", first, last, e);
        }
    }

    private void reportLateCommit(long first, long last, long reservedAt, long landedAfterMillis) {
        log.error("Commit of global indexes {}..{} landed {} ms after its reservation, beyond the gap timeout of {}:"
                          + " trackers may have passed it; it is delivered out of order only while its gap is kept",
                  first, last, landedAfterMillis, gapTimeout);
        try {
            lateCommits.insertOne(new Document("_id", first).append("lastIndex", last)
                                                            .append(RESERVED_AT, reservedAt)
                                                            .append("landedAfterMillis", landedAfterMillis)
                                                            .append("gapTimeoutMillis", gapTimeout.toMillis()));
        } catch (RuntimeException e) {
            log.error("Could not record the late commit {}..{}", first, last, e);
        }
    }

    /** The event whose aggregate key the duplicate-key error names, so the exception names the right aggregate. */
    private static EventMessage<?> conflictingEvent(List<? extends EventMessage<?>> events, MongoException e) {
        String message = String.valueOf(e.getMessage());
        for (EventMessage<?> event : events) {
            if (event instanceof DomainEventMessage<?> domain
                    && message.contains('"' + aggregateKey(domain.getAggregateIdentifier(), domain.getSequenceNumber()) + '"')) {
                return event;
            }
        }
        for (EventMessage<?> event : events) {
            if (event instanceof DomainEventMessage<?>) {
                return event;
            }
        }
        return events.get(0);
    }

    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        SerializedObject<String> payload = snapshot.serializePayload(serializer, String.class);
        SerializedObject<String> metaData = snapshot.serializeMetaData(serializer, String.class);
        Document existing = snapshots.find(eq("_id", snapshot.getAggregateIdentifier()))
                                     .projection(include("sequenceNumber")).first();
        if (existing != null && existing.get("sequenceNumber", Number.class).longValue() >= snapshot.getSequenceNumber()) {
            return;
        }
        Document doc = new Document("_id", snapshot.getAggregateIdentifier())
                .append("eventIdentifier", snapshot.getIdentifier())
                .append("aggregateType", snapshot.getType())
                .append("aggregateIdentifier", snapshot.getAggregateIdentifier())
                .append("sequenceNumber", snapshot.getSequenceNumber())
                .append("timestamp", snapshot.getTimestamp().toString())
                .append("payloadType", payload.getType().getName())
                .append("payloadRevision", payload.getType().getRevision())
                .append("payload", payload.getData())
                .append("metaData", metaData.getData());
        snapshots.replaceOne(eq("_id", snapshot.getAggregateIdentifier()), doc, new ReplaceOptions().upsert(true));
    }

    // ---------------------------------------------------------------------------------------------------
    // reading aggregates

    @Override
    protected List<? extends DomainEventData<?>> fetchDomainEvents(String aggregateIdentifier,
                                                                   long firstSequenceNumber,
                                                                   int batchSize) {
        List<String> keys = LongStream.range(firstSequenceNumber, firstSequenceNumber + batchSize)
                                      .mapToObj(seq -> aggregateKey(aggregateIdentifier, seq))
                                      .toList();
        long end = firstSequenceNumber + batchSize;
        List<GenericDomainEventEntry<String>> result = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        for (Document commit : commits.find(in(KEYS, keys))) {
            if (!seen.add(commit.get("_id"))) {
                continue; // the embedded server returns a commit once per matching key
            }
            for (Document event : commit.getList(EVENTS, Document.class)) {
                long seq = event.get("sequenceNumber", Number.class).longValue();
                if (aggregateIdentifier.equals(event.getString("aggregateIdentifier"))
                        && seq >= firstSequenceNumber && seq < end) {
                    result.add(toEntry(event));
                }
            }
        }
        result.sort(Comparator.comparingLong(GenericDomainEventEntry::getSequenceNumber));
        return result;
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        Document doc = snapshots.find(eq("_id", aggregateIdentifier)).first();
        return doc == null ? Stream.empty() : Stream.of(toEntry(doc));
    }

    /** Finds the highest sequence number by galloping over exact key lookups (no range scan). */
    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        if (!keyExists(aggregateIdentifier, 0)) {
            return Optional.empty();
        }
        long present = 0;
        long probe = 1;
        while (keyExists(aggregateIdentifier, probe)) {
            present = probe;
            probe = probe * 2;
        }
        long absent = probe;
        while (absent - present > 1) {
            long mid = present + (absent - present) / 2;
            if (keyExists(aggregateIdentifier, mid)) {
                present = mid;
            } else {
                absent = mid;
            }
        }
        return Optional.of(present);
    }

    /**
     * Whether the aggregate's last event in the store has this sequence number: one query for that key and the next
     * on the unique key index ({@code FreshAggregateCache} asks it whether a cached aggregate is still current: no
     * event after it, and its own last event still there, as it would not be after a restore from an older backup).
     */
    public boolean isLastEvent(String aggregateIdentifier, long sequenceNumber) {
        String last = aggregateKey(aggregateIdentifier, sequenceNumber);
        String next = aggregateKey(aggregateIdentifier, sequenceNumber + 1);
        boolean found = false;
        for (Document commit : commits.find(in(KEYS, List.of(last, next))).projection(include(KEYS))) {
            List<String> keys = commit.getList(KEYS, String.class);
            if (keys.contains(next)) {
                return false;
            }
            found |= keys.contains(last);
        }
        return found;
    }

    private boolean keyExists(String aggregateIdentifier, long sequence) {
        return commits.find(eq(KEYS, aggregateKey(aggregateIdentifier, sequence))).projection(include("_id"))
                      .first() != null;
    }

    // ---------------------------------------------------------------------------------------------------
    // tracking

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        GapAwareTrackingToken token = asGapAware(lastToken);
        long base = token.getIndex();
        SortedSet<Long> gaps = token.getGaps();
        long windowEnd = base + batchSize;

        // Commits are found by their first index (_id), an exact lookup that returns each commit once; the
        // embedded server answers $in on a multikey index with one copy of a document per matching value.
        // Nothing beyond the highest reserved index can exist yet: a tracker at the head asks for what was
        // reserved since its token, not for a whole window of indexes that are not there (one index lookup
        // each). It asks for base + 1 at least; a counter restored behind the commits is repaired at start.
        List<Long> wanted = new ArrayList<>(gaps.size() + batchSize);
        wanted.addAll(gaps);
        long head = reservedHead();
        long upTo = Math.min(windowEnd, Math.max(head, base + 1));
        LongStream.rangeClosed(base + 1, upTo).forEach(wanted::add);

        TreeMap<Long, Document> events = new TreeMap<>();
        TreeMap<Long, Long> reservedAtByIndex = new TreeMap<>();
        collect(commits.find(in("_id", wanted)), events, reservedAtByIndex);
        if (!reservedAtByIndex.containsKey(base + 1)) {
            // the token may stand inside a commit (one written by a reset, or a window that cut a commit)
            Document straddling = commits.find(eq(INDEXES, base + 1)).first();
            if (straddling != null) {
                collect(List.of(straddling), events, reservedAtByIndex);
            }
        }

        List<TrackedEventData<?>> result = new ArrayList<>();
        GapAwareTrackingToken current = token;
        for (Long gap : gaps) {
            Document late = events.get(gap);
            if (late != null) {
                log.warn("Event {} at global index {} arrived after trackers passed its gap; delivering it now",
                         late.getString(EVENT_ID), gap);
                current = current.advanceTo(gap, maxGapOffset);
                result.add(toTracked(late, current));
            } else if (reservedAtByIndex.containsKey(gap)) {
                current = current.advanceTo(gap, maxGapOffset); // tombstone landed late
            }
        }

        long now = clock.millis();
        long next = base + 1;
        // beyond the window only to finish a commit already fetched, so tokens stay on commit boundaries
        while (next <= windowEnd || reservedAtByIndex.containsKey(next)) {
            if (reservedAtByIndex.containsKey(next)) {
                current = current.advanceTo(next, maxGapOffset);
                Document event = events.get(next);
                if (event != null) {
                    result.add(toTracked(event, current));
                }
                next++;
                continue;
            }
            Map.Entry<Long, Long> later = reservedAtByIndex.higherEntry(next);
            if (later == null) {
                if (result.isEmpty() && next == base + 1) {
                    // the whole window is missing: a dead writer may have reserved more than a batch
                    current = passLongGap(next, windowEnd, head, now, current, result);
                }
                break;
            }
            if (now - later.getValue() < gapTimeout.toMillis()) {
                break; // a writer may still be committing `next`: keep global order and wait
            }
            next++; // reservation timed out: pass it; advanceTo keeps it as a gap
        }
        return result;
    }

    /** The highest global index reserved so far (0 before the first append). */
    private long reservedHead() {
        Document counter = counters.find(eq("_id", COUNTER_ID)).first();
        return counter == null ? 0 : ((Number) counter.get("value")).longValue();
    }

    private GapAwareTrackingToken passLongGap(long missing, long windowEnd, long head, long now, GapAwareTrackingToken current,
                                             List<TrackedEventData<?>> result) {
        if (head <= windowEnd) { // the counter as this fetch read it: nothing reserved beyond the window then
            return current;
        }
        // rare path (range query): find the first commit after the missing window
        Document commit = commits.find(gt("_id", windowEnd)).sort(Sorts.ascending("_id")).first();
        if (commit == null || now - commit.get(RESERVED_AT, Number.class).longValue() < gapTimeout.toMillis()) {
            return current;
        }
        log.warn("Passing global indexes {}..{} reserved by a writer that never committed", missing,
                 commit.get("_id", Number.class).longValue() - 1);
        TreeMap<Long, Document> events = new TreeMap<>();
        collect(List.of(commit), events, new TreeMap<>());
        GapAwareTrackingToken token = current;
        for (Map.Entry<Long, Document> entry : events.entrySet()) {
            token = token.advanceTo(entry.getKey(), maxGapOffset);
            result.add(toTracked(entry.getValue(), token));
        }
        if (events.isEmpty()) {
            token = token.advanceTo(commit.getList(INDEXES, Number.class).getLast().longValue(), maxGapOffset);
        }
        return token;
    }

    private static void collect(Iterable<Document> found, Map<Long, Document> events, Map<Long, Long> reservedAt) {
        for (Document commit : found) {
            long at = commit.get(RESERVED_AT, Number.class).longValue();
            for (Number index : commit.getList(INDEXES, Number.class)) {
                reservedAt.put(index.longValue(), at);
            }
            for (Document event : commit.getList(EVENTS, Document.class)) {
                events.put(event.get(GLOBAL_INDEX, Number.class).longValue(), event);
            }
        }
    }

    private static GapAwareTrackingToken asGapAware(TrackingToken token) {
        TrackingToken unwrapped = WrappedToken.unwrapLowerBound(token);
        if (unwrapped == null) {
            return GapAwareTrackingToken.newInstance(0, Set.of());
        }
        if (unwrapped instanceof GapAwareTrackingToken gapAware) {
            return gapAware;
        }
        throw new IllegalArgumentException("Unsupported token type " + unwrapped.getClass().getName()
                                                   + "; this engine tracks with GapAwareTrackingToken");
    }

    @Override
    public TrackingToken createTailToken() {
        return null;
    }

    /**
     * The head: the highest reserved index, with the recent reservations that have not landed yet kept as
     * gaps, so commits in flight at this instant are still delivered.
     */
    @Override
    public TrackingToken createHeadToken() {
        long head = reservedHead();
        if (head == 0) {
            return null;
        }
        List<Long> recent = LongStream.rangeClosed(Math.max(1, head - 255), head).boxed().toList();
        Set<Long> present = new HashSet<>();
        for (Document commit : commits.find(in(INDEXES, recent)).projection(include(INDEXES))) {
            commit.getList(INDEXES, Number.class).forEach(i -> present.add(i.longValue()));
        }
        SortedSet<Long> inFlight = new TreeSet<>(recent);
        inFlight.removeAll(present);
        inFlight.remove(head);
        if (!present.contains(head)) {
            // the newest reservation has not landed yet: start just before it
            return GapAwareTrackingToken.newInstance(head - 1, inFlight.headSet(head - 1));
        }
        return GapAwareTrackingToken.newInstance(head, inFlight);
    }

    /** A token just before the first commit at or after {@code dateTime} (a scan: an administrative call). */
    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        Document first = commits.find(gte(COMMITTED_TS, dateTime.toEpochMilli()))
                                .sort(Sorts.ascending("_id")).projection(include("_id")).first();
        if (first == null) {
            return createHeadToken();
        }
        long index = first.get("_id", Number.class).longValue();
        return index <= 1 ? null : GapAwareTrackingToken.newInstance(index - 1, Set.of());
    }

    // ---------------------------------------------------------------------------------------------------

    static String aggregateKey(String aggregateIdentifier, long sequenceNumber) {
        return aggregateIdentifier + ":" + sequenceNumber;
    }

    private static GenericDomainEventEntry<String> toEntry(Document event) {
        return new GenericDomainEventEntry<>(event.getString(AGGREGATE_TYPE),
                                             event.getString(AGGREGATE_ID),
                                             event.get(SEQUENCE, Number.class).longValue(),
                                             event.getString(EVENT_ID),
                                             event.getString(TIMESTAMP),
                                             event.getString(PAYLOAD_TYPE),
                                             event.getString(PAYLOAD_REVISION),
                                             event.getString(PAYLOAD),
                                             event.getString(METADATA));
    }

    private static TrackedEventData<?> toTracked(Document event, TrackingToken token) {
        return new TrackedDomainEventData<>(token, toEntry(event));
    }

    static boolean isDuplicateKey(Exception e) {
        return e instanceof MongoWriteException mwe && mwe.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }

    /** A duplicate on the unique {@code keys} index: another writer won the same aggregate sequence number. */
    static boolean isConcurrencyConflict(Exception e) {
        return isDuplicateKey(e) && !collidesOnGlobalIndex(e);
    }

    /** A duplicate on a global index: not a conflict between writers, but a counter behind the store. */
    static boolean collidesOnGlobalIndex(Exception e) {
        if (!isDuplicateKey(e)) {
            return false;
        }
        String message = ((MongoWriteException) e).getError().getMessage();
        return message.contains("index: _id_") || message.contains("index: uniq_indexes");
    }

    /** Thrown when an event would enter the governance log without an actor (ARCHITECTURE.md, rule 4). */
    public static class MissingActorException extends IllegalStateException {
        public MissingActorException(EventMessage<?> event) {
            super("Event " + event.getPayloadType().getName() + " (" + event.getIdentifier()
                          + ") has no '" + MetadataKeys.ACTOR + "' metadata; every event needs an actor");
        }
    }

    public static class Builder extends BatchingEventStorageEngine.Builder {

        private MongoDatabase database;
        private String collectionPrefix = "event_";
        private Duration gapTimeout = Duration.ofSeconds(60);
        private int maxGapOffset = 10_000;
        private Clock clock = Clock.systemUTC();
        private boolean createIndexes = true;
        private boolean requireActor = true;

        Builder() {
            persistenceExceptionResolver(MongoEventStorageEngine::isConcurrencyConflict);
        }

        public Builder database(MongoDatabase database) {
            this.database = database;
            return this;
        }

        public Builder collectionPrefix(String collectionPrefix) {
            this.collectionPrefix = collectionPrefix;
            return this;
        }

        /** How long a reserved index may stay missing before trackers pass it. */
        public Builder gapTimeout(Duration gapTimeout) {
            this.gapTimeout = gapTimeout;
            return this;
        }

        /** How far behind the token's index a gap is kept (and a late commit still delivered). */
        public Builder maxGapOffset(int maxGapOffset) {
            this.maxGapOffset = maxGapOffset;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder createIndexes(boolean createIndexes) {
            this.createIndexes = createIndexes;
            return this;
        }

        public Builder requireActor(boolean requireActor) {
            this.requireActor = requireActor;
            return this;
        }

        @Override
        public Builder snapshotSerializer(Serializer snapshotSerializer) {
            super.snapshotSerializer(snapshotSerializer);
            return this;
        }

        @Override
        public Builder upcasterChain(EventUpcaster upcasterChain) {
            super.upcasterChain(upcasterChain);
            return this;
        }

        @Override
        public Builder persistenceExceptionResolver(PersistenceExceptionResolver resolver) {
            super.persistenceExceptionResolver(resolver);
            return this;
        }

        @Override
        public Builder eventSerializer(Serializer eventSerializer) {
            super.eventSerializer(eventSerializer);
            return this;
        }

        @Override
        public Builder snapshotFilter(SnapshotFilter snapshotFilter) {
            super.snapshotFilter(snapshotFilter);
            return this;
        }

        @Override
        public Builder batchSize(int batchSize) {
            super.batchSize(batchSize);
            return this;
        }

        @Override
        protected void validate() throws AxonConfigurationException {
            super.validate();
            if (database == null) {
                throw new AxonConfigurationException("A MongoDatabase is required");
            }
            if (gapTimeout == null || gapTimeout.isNegative() || gapTimeout.isZero()) {
                throw new AxonConfigurationException("The gap timeout must be positive");
            }
        }

        public MongoEventStorageEngine build() {
            validate();
            return new MongoEventStorageEngine(this);
        }
    }
}
