package io.modelledger.monitor.alert.web;

import io.modelledger.monitor.alert.api.AcknowledgeAlert;
import io.modelledger.monitor.alert.api.ResolveAlert;
import io.modelledger.monitor.alert.api.TrackId;
import io.modelledger.monitor.alert.api.FindAlert;
import io.modelledger.monitor.alert.api.ListAlerts;
import io.modelledger.monitor.alert.api.AlertView;
import io.modelledger.platform.domain.ConflictException;
import io.modelledger.platform.domain.NotFoundException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Alerts: list them, acknowledge one, resolve one by hand (open alerts also resolve themselves when their condition clears). */
@RestController
@Validated
@RequestMapping("/api/monitor/alerts")
class AlertController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Clock clock;

    AlertController(CommandGateway commands, QueryGateway queries, Clock clock) {
        this.commands = commands;
        this.queries = queries;
        this.clock = clock;
    }

    record Note(@Size(max = 2000) String note) {
    }

    @GetMapping
    List<AlertView> list(@RequestParam(required = false) String model,
                         @RequestParam(required = false) @Pattern(regexp = "open|acknowledged|resolved", message = "must be open, acknowledged or resolved") String status,
                         @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return queries.query(new ListAlerts(model, status, limit), ResponseTypes.multipleInstancesOf(AlertView.class)).join();
    }

    @GetMapping("/{alertId}")
    AlertView get(@PathVariable String alertId) {
        return queries.query(new FindAlert(alertId), ResponseTypes.optionalInstanceOf(AlertView.class)).join().orElseThrow(() -> new NotFoundException("No alert " + alertId));
    }

    @PostMapping("/{alertId}/acknowledgements")
    AlertView acknowledge(@PathVariable String alertId, @RequestBody(required = false) Note note) {
        AlertView alert = get(alertId);
        commands.sendAndWait(new AcknowledgeAlert(TrackId.ofAlert(alertId), alertId, note == null ? null : note.note()));
        return alert;
    }

    @PostMapping("/{alertId}/resolutions")
    AlertView resolve(@PathVariable String alertId) {
        AlertView alert = get(alertId);
        if (!"open".equals(alert.status()) && !"acknowledged".equals(alert.status())) {
            throw new ConflictException("Alert " + alertId + " is " + alert.status());
        }
        commands.sendAndWait(new ResolveAlert(TrackId.ofAlert(alertId), "manual", null, clock.instant()));
        return alert;
    }
}
