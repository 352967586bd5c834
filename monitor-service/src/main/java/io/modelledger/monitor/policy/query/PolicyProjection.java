package io.modelledger.monitor.policy.query;

import io.modelledger.contracts.monitor.AlertRuleDefined;
import io.modelledger.contracts.monitor.AlertRuleRemoved;
import io.modelledger.contracts.monitor.MonitoringPolicyDefined;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/** Monitoring policies and alert rules by model, replaced whole per event (idempotent). */
@Component
@ProcessingGroup("monitor-policies")
class PolicyProjection {

    private final MongoTemplate mongo;

    PolicyProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(MonitoringPolicyDefined event) {
        mongo.save(new PolicyStore.PolicyDocument(event.modelName(), event));
    }

    @EventHandler
    void on(AlertRuleDefined event) {
        mongo.save(new PolicyStore.RuleDocument(PolicyStore.ruleKey(event.modelName(), event.ruleId()), event.modelName(), event));
    }

    @EventHandler
    void on(AlertRuleRemoved event) {
        mongo.remove(Query.query(where("_id").is(PolicyStore.ruleKey(event.modelName(), event.ruleId()))), PolicyStore.RuleDocument.class);
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(PolicyStore.PolicyDocument.class);
        mongo.dropCollection(PolicyStore.RuleDocument.class);
    }
}
