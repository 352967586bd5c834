package io.modelledger.monitor.drift;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reference profiles in {@code monitor_references}, one document per model version. Feature names and
 * categories are stored as values, not keys (they may contain dots), and numeric samples as packed
 * little-endian doubles (50,000 values are 400 kB).
 */
@Component
public class ReferenceStore {

    static final String COLLECTION = "monitor_references";

    private final MongoTemplate mongo;

    public ReferenceStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public void save(ReferenceProfile profile) {
        List<Document> features = new ArrayList<>();
        profile.features().forEach((name, f) -> {
            Document feature = new Document("name", name).append("type", f.type()).append("rows", f.rows());
            if (f.numeric()) {
                ByteBuffer buffer = ByteBuffer.allocate(8 * f.values().length).order(ByteOrder.LITTLE_ENDIAN);
                for (double v : f.values()) {
                    buffer.putDouble(v);
                }
                feature.append("values", new Binary(buffer.array())).append("std", f.standardDeviation());
            } else {
                feature.append("categories", new ArrayList<>(f.counts().keySet())).append("counts", new ArrayList<>(f.counts().values()));
            }
            features.add(feature);
        });
        Document document = new Document("_id", profile.id()).append("modelName", profile.modelName())
                .append("modelVersion", profile.modelVersion()).append("rows", profile.rows()).append("source", profile.source())
                .append("builtAt", java.util.Date.from(profile.builtAt())).append("features", features);
        mongo.getCollection(COLLECTION).replaceOne(Filters.eq("_id", profile.id()), document, new ReplaceOptions().upsert(true));
    }

    public Optional<ReferenceProfile> find(String model, int version) {
        Document document = mongo.getCollection(COLLECTION).find(Filters.eq("_id", ReferenceProfile.id(model, version))).first();
        if (document == null) {
            return Optional.empty();
        }
        Map<String, ReferenceProfile.Feature> features = new LinkedHashMap<>();
        for (Document f : document.getList("features", Document.class)) {
            long rows = ((Number) f.get("rows")).longValue();
            if ("numeric".equals(f.getString("type"))) {
                ByteBuffer buffer = ByteBuffer.wrap(f.get("values", Binary.class).getData()).order(ByteOrder.LITTLE_ENDIAN);
                double[] values = new double[buffer.remaining() / 8];
                for (int i = 0; i < values.length; i++) {
                    values[i] = buffer.getDouble();
                }
                features.put(f.getString("name"), new ReferenceProfile.Feature("numeric", values, f.getDouble("std"), null, rows));
            } else {
                Map<String, Long> counts = new java.util.TreeMap<>();
                List<String> categories = f.getList("categories", String.class);
                List<Object> numbers = f.getList("counts", Object.class);
                for (int i = 0; i < categories.size(); i++) {
                    counts.put(categories.get(i), ((Number) numbers.get(i)).longValue());
                }
                features.put(f.getString("name"), new ReferenceProfile.Feature("categorical", null, 0, counts, rows));
            }
        }
        return Optional.of(new ReferenceProfile(document.getString("_id"), document.getString("modelName"),
                                                document.getInteger("modelVersion"), ((Number) document.get("rows")).longValue(),
                                                document.getString("source"), document.getDate("builtAt").toInstant(), features));
    }
}
