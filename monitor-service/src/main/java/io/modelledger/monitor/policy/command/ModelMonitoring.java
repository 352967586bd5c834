package io.modelledger.monitor.policy.command;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.modelledger.contracts.access.Roles;
import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.contracts.monitor.AlertRuleDefined;
import io.modelledger.contracts.monitor.AlertRuleRemoved;
import io.modelledger.contracts.monitor.MonitoringPolicyDefined;
import io.modelledger.contracts.monitor.ReferenceProfileBuilt;
import io.modelledger.monitor.policy.api.DefineAlertRule;
import io.modelledger.monitor.policy.api.DefineMonitoringPolicy;
import io.modelledger.monitor.policy.api.MonitoringId;
import io.modelledger.monitor.policy.api.RecordReferenceProfile;
import io.modelledger.monitor.policy.api.RemoveAlertRule;
import io.modelledger.platform.axon.RoleCheckInterceptor;
import io.modelledger.platform.domain.ForbiddenException;
import io.modelledger.platform.domain.NotFoundException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
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
    private boolean capturing;
    private long capturedFor;

    protected ModelMonitoring() {
        // for Axon
    }

    /**
     * Capturing production text (people's prompts and the answers they got) is an admin's decision: turning it on,
     * or keeping it longer, needs the admin role (checked here, where it is decided, whatever route sent it).
     * Turning it off, or any other change, is the contributor's.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(DefineMonitoringPolicy command, @MetaDataValue(MetadataKeys.ACTOR_ROLES) String roles,
                @MetaDataValue(MetadataKeys.AUTH_METHOD) String authMethod) {
        MonitoringPolicyDefined policy = command.policy();
        long keep = policy.contentRetentionSeconds() == null ? Long.MAX_VALUE : policy.contentRetentionSeconds();
        boolean widens = policy.captureContent() && (!capturing || keep > capturedFor);
        boolean admin = RoleCheckInterceptor.roles(roles).contains(Roles.ADMIN);
        if (widens && !admin && !RoleCheckInterceptor.SYSTEM_AUTH.equals(authMethod)) {
            throw new ForbiddenException("Capturing the text of " + command.id().modelName()
                    + "'s calls (or keeping it longer) needs the admin role");
        }
        apply(policy);
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
        capturing = event.captureContent();
        capturedFor = event.contentRetentionSeconds() == null ? Long.MAX_VALUE : event.contentRetentionSeconds();
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
