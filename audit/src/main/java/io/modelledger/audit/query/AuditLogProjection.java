package io.modelledger.audit.query;

import io.modelledger.audit.api.ChainHead;
import io.modelledger.contracts.audit.AuditEntry;
import io.modelledger.platform.eventstore.StoredEventReader;
import io.modelledger.platform.projection.ReadModelDurability;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The audit trail: one entry per event of every service, hash-chained in the order the events arrive. One
 * segment, so entries are chained in the order of the store, except an event whose commit landed after
 * its gap was given up: it is appended at the end when it arrives. Every write is idempotent, so an event
 * delivered again after a crash or a replay changes nothing; the processor never skips an event (its
 * errors propagate and the batch is retried, and it is the one processor no admin can make pass an event:
 * {@code ProjectionFailures}).
 */
@Component
@ProcessingGroup(AuditLogProjection.GROUP)
public class AuditLogProjection {

    public static final String GROUP = "audit-log";
    static final String HEAD = "head";
    /** Positions per bucket of a posting list. */
    static final long BUCKET = 4096;
    private static final String BATCH_RESOURCE = AuditLogProjection.class.getName() + ".batch";
    /** What chaining reads of an entry already written. */
    private static final org.bson.conversions.Bson CHAIN_FIELDS = com.mongodb.client.model.Projections.include("hash", "sequence", "previousHash");

    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> chain;
    private final MongoCollection<Document> subjects;
    private final MongoCollection<Document> order;
    private final StoredEventReader events;

    /**
     * A batch's entries, order links and postings are written without waiting for the journal, and its head move
     * waits: the store persists a prefix of the writes it applied, so the head's acknowledgement makes the batch's
     * other writes durable too (one journal commit per batch, not four), and a crash before it leaves what a
     * redelivery completes, as a crash between two synced writes did.
     */
    public AuditLogProjection(MongoDatabaseFactory mongo, StoredEventReader events) {
        this.entries = ReadModelDurability.unjournaled(mongo.getMongoDatabase().getCollection(AuditEntries.ENTRIES));
        this.chain = mongo.getMongoDatabase().getCollection(AuditEntries.CHAIN);
        this.subjects = ReadModelDurability.unjournaled(mongo.getMongoDatabase().getCollection(AuditIndex.POSTINGS));
        this.order = ReadModelDurability.unjournaled(mongo.getMongoDatabase().getCollection(AuditEntries.ORDER));
        this.events = events;
    }

    /**
     * Collects the positions of one processor batch and chains them with its last event: one read of the
     * head, of the entries already written and of the stored events, one {@code insertMany}, one bulk write
     * of the posting lists and one head move per batch (instead of ~18 round trips per event). The chain is written
     * while the last event is handled, not when the batch commits: the processor stores its token in the commit's
     * first step, and a crash between the token and the chain would have skipped the batch for good. Written
     * before the token, a batch that a crash interrupts is delivered again, and {@link #chain} continues from what
     * was written.
     */
    @EventHandler
    void on(Object payload, TrackingToken token, @MessageIdentifier String eventId) {
        long position = token.position().orElseThrow(() -> new IllegalStateException("The audit log needs positions"));
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        boolean batching = unitOfWork instanceof BatchingUnitOfWork<?>;
        List<Delivered> batch = unitOfWork.getOrComputeResource(BATCH_RESOURCE, key -> {
            List<Delivered> delivered = new ArrayList<>();
            if (!batching) {
                unitOfWork.onPrepareCommit(u -> chain(delivered));
            }
            return delivered;
        });
        batch.add(new Delivered(position, eventId));
        if (batching && ((BatchingUnitOfWork<?>) unitOfWork).isLastMessage()) {
            chain(batch);
        }
    }

    /** An event as the processor handed it over: the token's position and the event's id. */
    record Delivered(long tokenPosition, String eventId) {
    }

    /**
     * The store positions of delivered events. The token's position is the event's own, except for an event
     * whose commit landed after its gap was passed: the token, already beyond it, keeps its higher position,
     * so such an event is found by its id.
     */
    private List<Long> positionsOf(List<Delivered> delivered, Map<Long, AuditEntry.StoredEvent> atTokens) {
        atTokens.putAll(events.at(delivered.stream().map(Delivered::tokenPosition).toList()));
        List<Long> positions = new ArrayList<>();
        for (Delivered event : delivered) {
            AuditEntry.StoredEvent stored = atTokens.get(event.tokenPosition());
            long position = stored != null && stored.eventId().equals(event.eventId()) ? event.tokenPosition()
                    : events.positionOf(event.eventId()).orElseThrow(() -> new IllegalStateException(
                            "Event " + event.eventId() + " is not in the store"));
            if (!positions.contains(position)) {
                positions.add(position);
            }
        }
        return positions;
    }

    void chain(List<Delivered> delivered) {
        Document headDocument = chain.find(Filters.eq("_id", HEAD)).first();
        ChainHead head = headDocument == null ? ChainHead.EMPTY : AuditEntries.head(headDocument);
        long sequence = head.sequence();
        long highest = head.position();
        String previous = head.hash();
        // a batch whose entries and links were written before a crash kept the head from moving: continue from what it
        // linked, in its order, so that a redelivery in another order (a late event between its events) or in other
        // batches appends after it, instead of giving an event the sequence another holds (a fork, refused on every retry)
        boolean adopted = false;
        for (Document link; (link = order.find(Filters.eq("_id", sequence + 1)).first()) != null; ) {
            long position = link.get("position", Number.class).longValue();
            Document entry = entries.find(Filters.eq("_id", position))
                                    .projection(CHAIN_FIELDS).first();
            Number at = entry == null ? null : entry.get("sequence", Number.class);
            if (at == null || at.longValue() != sequence + 1 || !previous.equals(entry.getString("previousHash"))) {
                break; // not a continuation of the head: the links' fork check below refuses it
            }
            sequence++;
            previous = entry.getString("hash");
            highest = Math.max(highest, position);
            adopted = true;
        }
        Map<Long, AuditEntry.StoredEvent> stored = new HashMap<>();
        List<Long> positions = positionsOf(delivered, stored); // in the order they arrived
        // written already: delivered again, a replay, or written before a crash kept the head from moving
        Map<Long, Document> written = new HashMap<>();
        for (Document d : entries.find(Filters.in("_id", positions))
                                 .projection(CHAIN_FIELDS)) {
            written.put(d.get("_id", Number.class).longValue(), d);
        }
        // an entry is chained when the link at its sequence names it (below the head, or adopted above)
        Map<Long, Long> linkedAt = new HashMap<>();
        List<Long> writtenSequences = written.values().stream().map(d -> d.get("sequence", Number.class)).filter(java.util.Objects::nonNull)
                                             .map(Number::longValue).toList();
        if (!writtenSequences.isEmpty()) {
            for (Document link : order.find(Filters.in("_id", writtenSequences))) {
                linkedAt.put(link.get("_id", Number.class).longValue(), link.get("position", Number.class).longValue());
            }
        }
        List<Long> fresh = positions.stream().filter(p -> !written.containsKey(p)).toList();
        stored.putAll(events.at(fresh.stream().filter(p -> !stored.containsKey(p)).toList()));
        List<Document> inserts = new ArrayList<>();
        List<Document> replacements = new ArrayList<>();
        Map<Long, String> replacedHashes = new HashMap<>();
        List<Document> links = new ArrayList<>();
        Map<String, Set<Long>> postings = new LinkedHashMap<>();
        for (long position : positions) {
            Document already = written.get(position);
            if (already != null) {
                Number at = already.get("sequence", Number.class);
                if (at == null || at.longValue() <= sequence && Long.valueOf(position).equals(linkedAt.get(at.longValue()))) {
                    continue; // chained (entries before format 2 carry no sequence and are all chained)
                }
                if (at.longValue() == sequence + 1 && previous.equals(already.getString("previousHash"))) {
                    // written before a crash, unlinked, and the next link of the chain: continue from it
                    sequence = at.longValue();
                    previous = already.getString("hash");
                    highest = Math.max(highest, position);
                    links.add(new Document("_id", sequence).append("position", position));
                    continue;
                }
                // written before a crash, but the chain has gone another way since (a late event came first): computed
                // again below and replaced, as long as it is still the entry read here
                replacedHashes.put(position, already.getString("hash"));
                if (!stored.containsKey(position)) {
                    stored.putAll(events.at(List.of(position)));
                }
            }
            // the entry is computed from the event as stored, exactly as a verification recomputes it; an event whose
            // commit landed late (below the highest position chained) is appended at the end, its position recorded
            AuditEntry.StoredEvent event = stored.get(position);
            if (event == null) {
                throw new IllegalStateException("Event at position " + position + " is not in the store");
            }
            AuditEntry entry = AuditEntry.of(event, previous, ++sequence);
            (replacedHashes.containsKey(position) ? replacements : inserts).add(AuditEntries.toDocument(entry));
            links.add(new Document("_id", sequence).append("position", position));
            for (String key : AuditIndex.indexKeys(entry)) {
                postings.computeIfAbsent(key + "#" + position / BUCKET, k -> new java.util.TreeSet<>()).add(position);
            }
            previous = entry.hash();
            highest = Math.max(highest, position);
        }
        if (links.isEmpty() && !adopted) {
            return; // delivered again: already chained
        }
        if (!postings.isEmpty()) {
            List<WriteModel<Document>> updates = new ArrayList<>();
            Map<String, Map<Long, Integer>> buckets = new LinkedHashMap<>();
            postings.forEach((bucketKey, added) -> {
                updates.add(new UpdateOneModel<>(Filters.eq("_id", bucketKey), Updates.addEachToSet("positions", new ArrayList<>(added)),
                                                 new UpdateOptions().upsert(true)));
                int hash = bucketKey.lastIndexOf('#');
                buckets.computeIfAbsent(bucketKey.substring(0, hash), k -> new LinkedHashMap<>())
                       .put(Long.parseLong(bucketKey.substring(hash + 1)), added.size());
            });
            buckets.forEach((key, counts) -> updates.add(new UpdateOneModel<>(Filters.eq("_id", key), Updates.combine(
                    Updates.addEachToSet("buckets", new ArrayList<>(counts.keySet())),
                    Updates.inc("count", (long) counts.values().stream().mapToInt(Integer::intValue).sum())),
                    new UpdateOptions().upsert(true))));
            subjects.bulkWrite(updates, new BulkWriteOptions().ordered(false));
        }
        // entries first, then the order, then the head: a crash between them leaves what a redelivery completes
        insertHoldingTheSameHash(entries, inserts, mine -> "The audit entry at position " + mine.get("_id")
                                                           + " was written concurrently with another hash; the batch is retried");
        for (Document replacement : replacements) {
            Object position = replacement.get("_id");
            if (entries.replaceOne(Filters.and(Filters.eq("_id", position), Filters.eq("hash", replacedHashes.get(((Number) position).longValue()))),
                                   replacement).getMatchedCount() != 1) {
                throw new IllegalStateException("The audit entry at position " + position + " changed concurrently; the batch is retried");
            }
        }
        insertLinks(links);
        Document next = new Document("_id", HEAD).append("sequence", sequence).append("position", highest).append("hash", previous)
                                                 .append("format1Until", head.format1Until());
        // the head moves only from where this batch found it: a second writer (a stolen claim) fails and retries
        if (headDocument == null) {
            insertHoldingTheSameHash(chain, List.of(next), mine -> "The audit chain's head was created concurrently; the batch is retried");
        } else if (chain.replaceOne(Filters.and(Filters.eq("_id", HEAD), Filters.eq("hash", head.hash())), next).getMatchedCount() != 1) {
            throw new IllegalStateException("The audit chain's head moved concurrently; the batch is retried");
        }
    }

    /**
     * Sequence → position links, in sequence order; one already there must be the same link (a redelivery), never
     * another position. The first refused link stops the batch before any link after it: a batch that lost a sequence
     * to another writer (a claim taken over) leaves no links above the one it lost, which its retry, now after the
     * other writer's entries, would find taken at its new sequences and refuse as a fork on every retry.
     */
    private void insertLinks(List<Document> links) {
        int from = 0;
        while (from < links.size()) {
            try {
                order.insertMany(links.subList(from, links.size()), new InsertManyOptions().ordered(true));
                return;
            } catch (MongoBulkWriteException e) {
                if (e.getWriteErrors().isEmpty()) {
                    throw e; // a write concern error: nothing to compare, the batch is retried
                }
                var error = e.getWriteErrors().get(0);
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                Document link = links.get(from + error.getIndex());
                Document stored = order.find(Filters.eq("_id", link.get("_id"))).first();
                if (stored != null && !stored.get("position").equals(link.get("position"))) {
                    throw new IllegalStateException("Sequence " + link.get("_id") + " of the audit chain is already taken by position "
                                                    + stored.get("position") + "; the chain was forked and is not extended");
                }
                from += error.getIndex() + 1; // the same link, written before: go on after it
            }
        }
    }

    /**
     * Inserts documents not there when the batch read: its new entries, or the chain's first head. One there now was
     * written meanwhile by another writer of the chain (a claim taken over): it must carry the same hash, or this
     * batch's head move would cover what it did not write, and the batch fails ({@code conflict} says how) to be retried.
     */
    private static void insertHoldingTheSameHash(MongoCollection<Document> collection, List<Document> documents,
                                                 java.util.function.Function<Document, String> conflict) {
        if (documents.isEmpty()) {
            return;
        }
        try {
            collection.insertMany(documents, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().isEmpty()) {
                throw e; // a write concern error
            }
            for (var error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                Document mine = documents.get(error.getIndex());
                Document there = collection.find(Filters.eq("_id", mine.get("_id"))).first();
                if (there == null || !mine.getString("hash").equals(there.getString("hash"))) {
                    throw new IllegalStateException(conflict.apply(mine));
                }
            }
        }
    }

    /**
     * The chain is a durable log, not a read model: a replay keeps every entry, in the order it was chained
     * (a late event stays where it was appended), and finds each event already chained, so the hashes and
     * the checkpoints stay the same. Nothing is dropped.
     */
    @ResetHandler
    void reset() {
        // deliberately empty
    }
}
