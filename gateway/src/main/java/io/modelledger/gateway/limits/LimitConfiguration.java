package io.modelledger.gateway.limits;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class LimitConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LimitConfiguration.class);

    /** Closed with the context when the buckets are shared through MongoDB. */
    record BucketStore(MongoClient client) implements AutoCloseable {
        @Override
        public void close() {
            if (client != null) {
                client.close();
            }
        }
    }

    @Bean(destroyMethod = "close")
    BucketStore bucketStore(LimitProperties limits) {
        return new BucketStore(limits.mongodbUri() == null || limits.mongodbUri().isBlank()
                                       ? null : MongoClients.create(limits.mongodbUri()));
    }

    @Bean
    CallerRateLimiter callerRateLimiter(LimitProperties limits, BucketStore store) {
        if (store.client() == null) {
            return CallerRateLimiter.local(limits);
        }
        ConnectionString uri = new ConnectionString(limits.mongodbUri());
        String database = uri.getDatabase() == null ? "modelledger" : uri.getDatabase();
        log.info("Rate-limit buckets are shared through MongoDB database {}", database);
        return CallerRateLimiter.shared(limits, store.client().getDatabase(database).getCollection("gateway_rate_limits"));
    }
}
