package io.modelledger.registry.audit.query;

import io.modelledger.contracts.audit.AuditEntry;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.Document;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.stereotype.Component;

/**
 * The audit trail: one entry per event of every service, in global order, hash-chained. One segment, so
 * entries are chained in the order of the store; every write is idempotent, so an event delivered again
 * after a crash changes nothing, and a replay from scratch rebuilds the same chain.
 */
@Component
@ProcessingGroup(AuditLogProjection.GROUP)
public class AuditLogProjection {

    public static final String GROUP = "audit-log";
    static final String HEAD = "head";
    /** Positions per bucket of a posting list. */
    static final long BUCKET = 4096;

    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> chain;
    private final MongoCollection<Document> subjects;
    private final AuditStore store;

    public AuditLogProjection(MongoDatabaseFactory mongo, AuditStore store) {
        this.entries = mongo.getMongoDatabase().getCollection(AuditStore.ENTRIES);
        this.chain = mongo.getMongoDatabase().getCollection(AuditStore.CHAIN);
        this.subjects = mongo.getMongoDatabase().getCollection(AuditStore.SUBJECTS);
        this.store = store;
    }

    @EventHandler
    void on(Object payload, TrackingToken token) {
        long position = token.position().orElseThrow(() -> new IllegalStateException("The audit log needs positions"));
        Document head = chain.find(Filters.eq("_id", HEAD)).first();
        if (head != null && head.get("position", Number.class).longValue() >= position) {
            return; // delivered again: already chained
        }
        Document existing = entries.find(Filters.eq("_id", position)).first();
        if (existing != null) { // written, but the head did not move before a crash
            moveHead(position, existing.getString("hash"));
            return;
        }
        // the entry is computed from the event as stored, exactly as a verification recomputes it
        AuditEntry.StoredEvent stored = store.storedEvent(position)
                .orElseThrow(() -> new IllegalStateException("Event at position " + position + " is not in the store"));
        AuditEntry entry = AuditEntry.of(stored, head == null ? AuditEntry.GENESIS : head.getString("hash"));
        for (String key : AuditStore.indexKeys(entry)) {
            long bucket = position / BUCKET;
            subjects.updateOne(Filters.eq("_id", key + "#" + bucket), Updates.addToSet("positions", position),
                               new UpdateOptions().upsert(true));
            subjects.updateOne(Filters.eq("_id", key), Updates.combine(Updates.addToSet("buckets", bucket),
                                                                        Updates.inc("count", 1L)),
                               new UpdateOptions().upsert(true));
        }
        try {
            entries.insertOne(AuditStore.toDocument(entry));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        moveHead(position, entry.hash());
    }

    private void moveHead(long position, String hash) {
        chain.replaceOne(Filters.eq("_id", HEAD), new Document("_id", HEAD).append("position", position).append("hash", hash),
                         new ReplaceOptions().upsert(true));
    }

    @ResetHandler
    void reset() {
        entries.drop();
        chain.drop();
        subjects.drop();
    }
}
