package io.modelledger.gateway.limits;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.modelledger.platform.test.TestMongo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway replicas sharing their rate-limit buckets through one MongoDB admit a caller's burst once
 * between them, not once each, even when they race.
 */
class SharedRateLimitIT {

    @Test
    void twoReplicasSharingTheStoreAdmitOneBurstBetweenThem() throws Exception {
        // 10 at once, then one a minute: within the test, exactly 10 may pass
        LimitProperties limits = new LimitProperties(1L, 10L, Map.of(), null, null, Duration.ofMinutes(1));
        String uri = TestMongo.uri("ratelimit-" + System.nanoTime());
        try (MongoClient first = MongoClients.create(uri); MongoClient second = MongoClients.create(uri)) {
            String db = new com.mongodb.ConnectionString(uri).getDatabase();
            CallerRateLimiter replicaA = CallerRateLimiter.shared(limits, first.getDatabase(db).getCollection("buckets"));
            CallerRateLimiter replicaB = CallerRateLimiter.shared(limits, second.getDatabase(db).getCollection("buckets"));
            AtomicInteger admitted = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    CallerRateLimiter replica = i % 2 == 0 ? replicaA : replicaB;
                    calls.add(pool.submit(() -> {
                        if (replica.tryConsume("key:0123456789abcdef").isConsumed()) {
                            admitted.incrementAndGet();
                        }
                    }));
                }
                for (Future<?> call : calls) {
                    call.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(admitted.get()).isEqualTo(10);
            assertThat(replicaA.tryConsume("key:fedcba9876543210").isConsumed()).as("each caller has its own bucket").isTrue();
        }
    }

    @Test
    void localBucketsLimitOneReplica() {
        CallerRateLimiter local = CallerRateLimiter.local(new LimitProperties(1L, 5L, Map.of(), null, null, Duration.ofMinutes(1)));
        long admitted = java.util.stream.IntStream.range(0, 20).filter(i -> local.tryConsume("user:alice").isConsumed()).count();
        assertThat(admitted).isEqualTo(5);
    }
}
