package io.modelledger.monitor.alert.query;

import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.contracts.monitor.AlertAcknowledged;
import io.modelledger.contracts.monitor.AlertRaised;
import io.modelledger.contracts.monitor.AlertResolved;
import io.modelledger.contracts.monitor.ReEvaluationRequested;
import io.modelledger.contracts.monitor.RetrainingRequested;
import io.modelledger.monitor.alert.api.AlertView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/** Alerts by id with their lifecycle, from the alert events (keyed by alert id: idempotent). */
@Component
@ProcessingGroup("monitor-alerts")
class AlertProjection {

    private final MongoTemplate mongo;

    AlertProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(AlertRaised e, @Timestamp Instant at) {
        mongo.save(new AlertView(e.alertId(), e.ruleId(), e.modelName(), e.environment(), e.modelVersion(), e.severity(),
                                        e.summary(), e.metric(), e.value(), e.threshold(), e.windowStart(), e.windowEnd(), "open",
                                        at, null, null, null, null, null, false, false), AlertStore.ALERTS);
    }

    @EventHandler
    void on(AlertAcknowledged e, @Timestamp Instant at, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        update(e.alertId(), new Update().set("status", "acknowledged").set("acknowledgedAt", at).set("acknowledgedBy", actor)
                                        .set("note", e.note()));
    }

    @EventHandler
    void on(AlertResolved e, @Timestamp Instant at) {
        update(e.alertId(), new Update().set("status", "resolved").set("resolvedAt", at).set("resolution", e.reason()));
    }

    @EventHandler
    void on(ReEvaluationRequested e) {
        if (e.alertId() != null) {
            update(e.alertId(), new Update().set("reEvaluationRequested", true));
        }
    }

    @EventHandler
    void on(RetrainingRequested e) {
        if (e.alertId() != null) {
            update(e.alertId(), new Update().set("retrainingRequested", true));
        }
    }

    private void update(String alertId, Update update) {
        mongo.updateFirst(Query.query(where("_id").is(alertId)), update, AlertStore.ALERTS);
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(AlertStore.ALERTS);
    }
}
