package io.modelledger.monitor.alert.query;

import io.modelledger.monitor.alert.api.FindAlert;
import io.modelledger.monitor.alert.api.ListAlerts;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import io.modelledger.monitor.alert.api.AlertView;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/** Reads the alerts {@link AlertProjection} keeps. */
@Component
public class AlertStore {

    static final String ALERTS = "monitor_alerts";

    private final MongoTemplate mongo;

    public AlertStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Optional<AlertView> find(String alertId) {
        return Optional.ofNullable(mongo.findById(alertId, AlertView.class, ALERTS));
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
        return mongo.find(Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "raisedAt")).limit(limit), AlertView.class, ALERTS);
    }

    @QueryHandler
    Optional<AlertView> handle(FindAlert query) {
        return find(query.alertId());
    }

    @QueryHandler
    List<AlertView> handle(ListAlerts query) {
        return list(query.modelName(), query.status(), query.limit());
    }

    public long openCount() {
        return mongo.count(Query.query(where("status").in("open", "acknowledged")), ALERTS);
    }
}
