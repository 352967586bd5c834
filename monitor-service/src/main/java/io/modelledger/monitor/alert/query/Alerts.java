package io.modelledger.monitor.alert.query;

import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/** Reads the alerts {@link AlertProjection} keeps. */
@Component
public class Alerts {

    /** An alert and where it is in its lifecycle: {@code open}, {@code acknowledged} or {@code resolved}. */
    @Document("monitor_alerts")
    public record AlertView(@Id String alertId, String ruleId, String modelName, String environment, Integer modelVersion,
                            String severity, String summary, String metric, Double value, Double threshold, Instant windowStart,
                            Instant windowEnd, String status, Instant raisedAt, Instant acknowledgedAt, String acknowledgedBy,
                            String note, Instant resolvedAt, String resolution, Boolean reEvaluationRequested,
                            Boolean retrainingRequested) {
    }

    private final MongoTemplate mongo;

    public Alerts(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Optional<AlertView> find(String alertId) {
        return Optional.ofNullable(mongo.findById(alertId, AlertView.class));
    }

    /** Alerts newest first, filtered (a scan: alerts are few next to telemetry). */
    public List<AlertView> list(String model, String status, int limit) {
        Criteria criteria = new Criteria();
        if (model != null) {
            criteria = where("modelName").is(model);
        }
        if (status != null) {
            criteria = criteria.and("status").is(status);
        }
        return mongo.find(Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "raisedAt")).limit(limit), AlertView.class);
    }

    public long openCount() {
        return mongo.count(Query.query(where("status").in("open", "acknowledged")), AlertView.class);
    }
}
