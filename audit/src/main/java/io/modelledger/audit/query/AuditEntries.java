package io.modelledger.audit.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.modelledger.audit.api.ChainHead;
import io.modelledger.contracts.audit.AuditEntry;
import io.modelledger.platform.eventstore.StoredEventReader;
import org.bson.Document;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The audit entries as recorded: the head of the chain, entries by store position and by chain sequence, and
 * entries shown with their content recomputed from the event store as it is now. Entries are keyed by their
 * store position; the chain's own order is kept in {@code audit_order} (sequence → position) for entries of
 * format 2, and is the position order for those of format 1. Every read is an exact lookup.
 */
@Component
public class AuditEntries {

    static final String ENTRIES = "audit_entries";
    static final String CHAIN = "audit_chain";
    /** The chain's order: sequence → store position, for every entry of format 2. */
    static final String ORDER = "audit_order";

    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> chain;
    private final MongoCollection<Document> order;
    private final StoredEventReader events;

    public AuditEntries(MongoDatabaseFactory mongo, StoredEventReader events) {
        MongoDatabase db = mongo.getMongoDatabase();
        this.entries = db.getCollection(ENTRIES);
        this.chain = db.getCollection(CHAIN);
        this.order = db.getCollection(ORDER);
        this.events = events;
    }

    public Optional<ChainHead> head() {
        return Optional.ofNullable(chain.find(Filters.eq("_id", AuditLogProjection.HEAD)).first()).map(AuditEntries::head);
    }

    static ChainHead head(Document d) {
        long position = d.get("position", Number.class).longValue();
        Number sequence = d.get("sequence", Number.class); // absent in heads written before format 2: sequence was position
        Number format1Until = d.get("format1Until", Number.class);
        return sequence == null ? new ChainHead(position, position, d.getString("hash"), position)
                : new ChainHead(sequence.longValue(), position, d.getString("hash"), format1Until == null ? 0 : format1Until.longValue());
    }

    /** The entry at a sequence of the chain, as recorded. */
    public Optional<AuditEntry> entryAt(long sequence) {
        ChainHead head = head().orElse(null);
        if (head == null || sequence < 1 || sequence > head.sequence()) {
            return Optional.empty();
        }
        return chainWindow(head, sequence, sequence).stream().findFirst();
    }

    /** The entries with sequences {@code from}..{@code to}, in chain order (format-1 sequences are positions, with holes). */
    public List<AuditEntry> chainWindow(ChainHead head, long from, long to) {
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
     * Entries as an export presents them: the recorded hashes, with the content recomputed from the event
     * store as it is now, so an event edited after it was recorded shows up as an entry whose hash fails.
     */
    public List<AuditEntry> asStoredNow(List<AuditEntry> recorded) {
        if (recorded.isEmpty()) {
            return recorded;
        }
        Map<Long, AuditEntry.StoredEvent> now = events.at(recorded.stream().map(AuditEntry::position).toList());
        return recorded.stream().map(entry -> {
            AuditEntry.StoredEvent event = now.get(entry.position());
            return event == null ? entry
                    : AuditEntry.of(event, entry.previousHash(), entry.format(), entry.sequence()).withRecorded(entry.previousHash(), entry.hash());
        }).toList();
    }

    /** The recorded entries at these store positions, in position order. */
    List<AuditEntry> read(List<Long> positions) {
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
