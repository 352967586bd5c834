package io.modelledger.gateway.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.client.MongoCollection;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import org.bson.Document;

import java.time.Duration;
import java.util.function.Function;

/**
 * A token bucket per caller. Local buckets limit what one gateway replica admits; buckets kept in
 * MongoDB ({@link MongoBucketProxyManager}) are shared by every replica configured with the same store.
 */
public final class CallerRateLimiter {

    private final Function<String, Bucket> bucketFactory;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
                                                          .expireAfterAccess(Duration.ofMinutes(10))
                                                          .maximumSize(100_000)
                                                          .build();
    private final boolean blocking;

    private CallerRateLimiter(Function<String, Bucket> bucketFactory, boolean blocking) {
        this.bucketFactory = bucketFactory;
        this.blocking = blocking;
    }

    public static CallerRateLimiter local(LimitProperties limits) {
        return new CallerRateLimiter(caller -> Bucket.builder().addLimit(bandwidth(limits)).build(), false);
    }

    public static CallerRateLimiter shared(LimitProperties limits, MongoCollection<Document> store) {
        MongoBucketProxyManager proxies = new MongoBucketProxyManager(store, ClientSideConfig.getDefault());
        BucketConfiguration configuration = BucketConfiguration.builder().addLimit(bandwidth(limits)).build();
        return new CallerRateLimiter(caller -> proxies.builder().build(caller, () -> configuration), true);
    }

    /** Whether {@link #tryConsume} blocks on I/O (then callers run it off the event loop). */
    public boolean blocking() {
        return blocking;
    }

    public ConsumptionProbe tryConsume(String caller) {
        return buckets.get(caller, bucketFactory).tryConsumeAndReturnRemaining(1);
    }

    private static Bandwidth bandwidth(LimitProperties limits) {
        return Bandwidth.builder().capacity(limits.burst())
                        .refillGreedy(limits.requestsPerSecond(), limits.refillPeriod()).build();
    }
}
