package io.modelledger.platform.mongo;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import org.bson.Document;

/** Updates that must apply once per item, whoever sends it again. */
public final class Upserts {

    private Upserts() {
    }

    /**
     * Applies {@code update} to the document {@code _id} unless its array {@code listedIn} already holds an element whose
     * {@code key} (a path below it, or {@code null} for the element itself) is {@code value}, creating the document if
     * there is none. The update must add that element, so a repeat matches nothing: its upsert then collides with the
     * existing id, and the update is tried once more without upsert (the document exists now: listed already, or another
     * writer created it meanwhile).
     */
    public static void once(MongoCollection<Document> collection, Object id, String listedIn, String key, Object value, Document update) {
        Document notListed = new Document("_id", id).append(key == null ? listedIn : listedIn + "." + key, new Document("$ne", value));
        try {
            collection.updateOne(notListed, update, new UpdateOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (e.getError().getCode() != 11000) {
                throw e;
            }
            collection.updateOne(notListed, update);
        }
    }
}
