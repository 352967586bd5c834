package io.modelledger.platform.web;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.modelledger.platform.test.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Idempotency records expire on every backend: a sweep removes them where the server keeps no TTL index. */
class IdempotencySweepTest {

    @Test
    void expiredRecordsAreSweptAndFreshOnesKept() {
        String database = "sweep-" + UUID.randomUUID().toString().substring(0, 8);
        try (MongoClient client = MongoClients.create(TestMongo.uri(database))) {
            MongoCollection<Document> keys = client.getDatabase(database).getCollection("idempotency_keys");
            IdempotencyFilter filter = new IdempotencyFilter(keys, new ProblemWriter(JsonMapper.builder().build()), Duration.ofHours(24), java.time.Clock.systemUTC());
            Instant now = Instant.parse("2026-11-29T12:00:00Z");
            keys.insertOne(new Document("_id", "old").append("expiresAt", Date.from(now.minusSeconds(1))));
            keys.insertOne(new Document("_id", "fresh").append("expiresAt", Date.from(now.plusSeconds(3600))));
            assertThat(filter.sweep(now)).isEqualTo(1);
            assertThat(keys.find().map(d -> d.getString("_id")).into(new java.util.ArrayList<>())).containsExactly("fresh");
        }
    }
}
