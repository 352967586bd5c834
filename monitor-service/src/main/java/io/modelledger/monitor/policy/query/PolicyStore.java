package io.modelledger.monitor.policy.query;

import io.modelledger.contracts.monitor.AlertRuleDefined;
import io.modelledger.contracts.monitor.MonitoringPolicyDefined;
import io.modelledger.monitor.drift.DriftPolicy;
import io.modelledger.monitor.policy.api.FindMonitoringPolicy;
import io.modelledger.monitor.policy.api.ListAlertRules;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/** Reads the monitoring policies and alert rules {@link PolicyProjection} keeps. */
@Component
public class PolicyStore {

    @Document("monitor_policies")
    record PolicyDocument(@Id String modelName, MonitoringPolicyDefined policy) {
    }

    @Document("monitor_alert_rules")
    record RuleDocument(@Id String id, String modelName, AlertRuleDefined rule) {
    }

    private final MongoTemplate mongo;

    public PolicyStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Optional<MonitoringPolicyDefined> policy(String model) {
        return Optional.ofNullable(mongo.findById(model, PolicyDocument.class)).map(PolicyDocument::policy);
    }

    @QueryHandler
    Optional<MonitoringPolicyDefined> handle(FindMonitoringPolicy query) {
        return policy(query.modelName());
    }

    @QueryHandler
    List<AlertRuleDefined> handle(ListAlertRules query) {
        return rules(query.modelName());
    }

    public DriftPolicy driftPolicy(String model) {
        return policy(model).map(p -> new DriftPolicy(p.pValueThreshold(), p.distanceThreshold(), p.driftShareThreshold(),
                                                      p.featureMethods()))
                            .orElse(DriftPolicy.DEFAULT);
    }

    /** The rules of a model (all of them when {@code model} is null); rules are few, a scan is fine. */
    public List<AlertRuleDefined> rules(String model) {
        Query query = model == null ? new Query() : Query.query(where("modelName").is(model));
        return mongo.find(query, RuleDocument.class).stream().map(RuleDocument::rule).toList();
    }

    static String ruleKey(String model, String ruleId) {
        return model + "|" + ruleId;
    }
}
