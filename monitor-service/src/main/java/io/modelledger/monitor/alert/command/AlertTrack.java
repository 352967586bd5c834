package io.modelledger.monitor.alert.command;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.modelledger.contracts.monitor.AlertAcknowledged;
import io.modelledger.contracts.monitor.AlertRaised;
import io.modelledger.contracts.monitor.AlertResolved;
import io.modelledger.contracts.monitor.ReEvaluationRequested;
import io.modelledger.contracts.monitor.RetrainingRequested;
import io.modelledger.contracts.registry.Subjects;
import io.modelledger.monitor.alert.api.AcknowledgeAlert;
import io.modelledger.monitor.alert.api.RaiseAlert;
import io.modelledger.monitor.alert.api.ResolveAlert;
import io.modelledger.monitor.alert.api.TrackId;
import io.modelledger.platform.domain.ConflictException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The alerts one rule raised on one deployment, one at a time: no second raise while an alert is open,
 * none within the cool-down after one resolved; the feedback loop's requests are recorded with the alert
 * that caused them.
 */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class AlertTrack {

    @AggregateIdentifier
    private TrackId id;
    private int raised;
    private String openAlertId;
    private Instant resolvedAt;

    protected AlertTrack() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(RaiseAlert command) {
        if (openAlertId != null) {
            return false;
        }
        if (resolvedAt != null && resolvedAt.plusSeconds(command.cooldownSeconds()).isAfter(command.now())) {
            return false;
        }
        TrackId track = command.trackId();
        String alertId = track.alertId(raised + 1);
        apply(new AlertRaised(alertId, track.modelName(), command.severity(), command.summary(), track.ruleId(), track.environment(),
                              command.modelVersion(), command.metric(), command.value(), command.threshold(),
                              command.windowStart(), command.windowEnd()));
        if (command.reEvaluate()) {
            apply(new ReEvaluationRequested(alertId, Subjects.MODEL, track.modelName(), command.modelVersion(), command.cause(), alertId));
        }
        if (command.retrain()) {
            apply(new RetrainingRequested(alertId, track.modelName(), command.modelVersion(), command.cause(), alertId));
        }
        return true;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(ResolveAlert command) {
        if (openAlertId == null) {
            return false;
        }
        apply(new AlertResolved(openAlertId, command.trackId().modelName(), command.reason(), command.value()));
        return true;
    }

    @CommandHandler
    void handle(AcknowledgeAlert command) {
        if (openAlertId == null || !openAlertId.equals(command.alertId())) {
            throw new ConflictException("Alert " + command.alertId() + " is not open");
        }
        apply(new AlertAcknowledged(command.alertId(), command.trackId().modelName(), command.note()));
    }

    @EventSourcingHandler
    void on(AlertRaised event) {
        id = TrackId.ofAlert(event.alertId());
        raised++;
        openAlertId = event.alertId();
    }

    @EventSourcingHandler
    void on(AlertResolved event, @org.axonframework.eventhandling.Timestamp Instant at) {
        openAlertId = null;
        resolvedAt = at;
    }
}
