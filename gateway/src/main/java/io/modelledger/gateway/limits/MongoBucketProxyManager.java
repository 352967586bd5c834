package io.modelledger.gateway.limits;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AbstractCompareAndSwapBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.CompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import org.bson.Document;
import org.bson.types.Binary;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Bucket4j's compare-and-swap storage on MongoDB (Bucket4j ships Redis and SQL back ends, not MongoDB):
 * one document per bucket with its serialized state and a version; a swap succeeds only if the version
 * it read is still current, so concurrent gateways never both spend the same token.
 */
final class MongoBucketProxyManager extends AbstractCompareAndSwapBasedProxyManager<String> {

    private final MongoCollection<Document> buckets;

    MongoBucketProxyManager(MongoCollection<Document> buckets, ClientSideConfig config) {
        super(config);
        this.buckets = buckets;
    }

    @Override
    protected CompareAndSwapOperation beginCompareAndSwapOperation(String key) {
        return new CompareAndSwapOperation() {
            private long version;

            @Override
            public Optional<byte[]> getStateData(Optional<Long> timeoutNanos) {
                Document bucket = buckets.find(Filters.eq("_id", key)).first();
                if (bucket == null) {
                    version = 0;
                    return Optional.empty();
                }
                version = bucket.get("version", Number.class).longValue();
                return Optional.of(bucket.get("state", Binary.class).getData());
            }

            @Override
            public boolean compareAndSwap(byte[] originalData, byte[] newData, RemoteBucketState newState,
                                          Optional<Long> timeoutNanos) {
                if (originalData == null) {
                    try {
                        buckets.insertOne(new Document("_id", key).append("state", new Binary(newData)).append("version", 1L));
                        return true;
                    } catch (MongoWriteException e) {
                        if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                            return false; // another gateway created it first
                        }
                        throw e;
                    }
                }
                return buckets.updateOne(new Document("_id", key).append("version", version),
                                         Updates.combine(Updates.set("state", new Binary(newData)),
                                                         Updates.set("version", version + 1)))
                              .getModifiedCount() == 1;
            }
        };
    }

    @Override
    protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(String key) {
        throw new UnsupportedOperationException("The MongoDB bucket store is synchronous");
    }

    @Override
    public boolean isAsyncModeSupported() {
        return false;
    }

    @Override
    public void removeProxy(String key) {
        buckets.deleteOne(Filters.eq("_id", key));
    }

    @Override
    protected CompletableFuture<Void> removeAsync(String key) {
        return CompletableFuture.runAsync(() -> removeProxy(key));
    }
}
