package io.modelledger.monitor.policy.command;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.modelledger.contracts.monitor.AlertRuleDefined;
import io.modelledger.contracts.monitor.AlertRuleRemoved;
import io.modelledger.contracts.monitor.MonitoringPolicyDefined;
import io.modelledger.contracts.monitor.ReferenceProfileBuilt;
import io.modelledger.monitor.policy.api.DefineAlertRule;
import io.modelledger.monitor.policy.api.DefineMonitoringPolicy;
import io.modelledger.monitor.policy.api.MonitoringId;
import io.modelledger.monitor.policy.api.RecordReferenceProfile;
import io.modelledger.monitor.policy.api.RemoveAlertRule;
import io.modelledger.platform.domain.NotFoundException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashSet;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * How one model is monitored: its policy (drift thresholds, feedback loop), its alert rules and the
 * reference profiles of its versions, each change an event. Rule ids are unique within the model.
 */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class ModelMonitoring {

    @AggregateIdentifier
    private MonitoringId id;
    private Set<String> rules = new HashSet<>();

    protected ModelMonitoring() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(DefineMonitoringPolicy command) {
        apply(command.policy());
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(DefineAlertRule command) {
        apply(command.rule());
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RemoveAlertRule command) {
        if (!rules.contains(command.ruleId())) {
            throw new NotFoundException("Model '" + command.id().modelName() + "' has no alert rule '" + command.ruleId() + "'");
        }
        apply(new AlertRuleRemoved(command.ruleId(), command.id().modelName()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordReferenceProfile command) {
        apply(command.profile());
    }

    @EventSourcingHandler
    void on(MonitoringPolicyDefined event) {
        id = new MonitoringId(event.modelName());
    }

    @EventSourcingHandler
    void on(AlertRuleDefined event) {
        id = new MonitoringId(event.modelName());
        rules.add(event.ruleId());
    }

    @EventSourcingHandler
    void on(AlertRuleRemoved event) {
        rules.remove(event.ruleId());
    }

    @EventSourcingHandler
    void on(ReferenceProfileBuilt event) {
        id = new MonitoringId(event.modelName());
    }
}
