package io.modelledger.monitor.policy.command;

import io.modelledger.contracts.monitor.ReferenceProfileBuilt;
import io.modelledger.monitor.drift.ReferenceProfile;
import io.modelledger.monitor.drift.ReferenceStore;
import io.modelledger.monitor.policy.api.MonitoringId;
import io.modelledger.monitor.policy.api.RecordReference;
import io.modelledger.monitor.policy.api.RecordReferenceProfile;
import io.modelledger.monitor.policy.api.ReferenceSummary;
import io.modelledger.monitor.telemetry.query.TelemetryStore;
import io.modelledger.monitor.telemetry.query.WindowData;
import io.modelledger.platform.domain.FieldException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a reference profile from dataset rows or from a telemetry window, stores it, and records that it
 * was built on the model's {@link ModelMonitoring}. The profile is stored first, so the event never names a
 * profile that is not there; a profile stored for a version replaces the one before.
 */
@Component
class ReferenceRecorder {

    private final ReferenceStore references;
    private final TelemetryStore telemetry;
    private final CommandGateway commands;
    private final Clock clock;

    ReferenceRecorder(ReferenceStore references, TelemetryStore telemetry, CommandGateway commands, Clock clock) {
        this.references = references;
        this.telemetry = telemetry;
        this.commands = commands;
        this.clock = clock;
    }

    @CommandHandler
    ReferenceSummary handle(RecordReference command) {
        String model = command.modelName();
        int version = command.version();
        Map<String, List<Object>> columns;
        long rows;
        if (RecordReference.DATASET.equals(command.source())) {
            if (command.rows() == null || command.rows().isEmpty()) {
                throw new FieldException("rows", "a dataset reference needs rows (feature name → value)");
            }
            columns = ReferenceProfile.columns(command.rows());
            rows = command.rows().size();
        } else {
            if (command.environment() == null || command.from() == null || command.to() == null || !command.from().isBefore(command.to())) {
                throw new FieldException("from", "a telemetry reference needs environment, and from before to");
            }
            WindowData data = telemetry.window(model, command.environment(), command.from(), command.to());
            columns = new LinkedHashMap<>();
            for (String name : data.features.keySet()) {
                columns.put(name, data.feature(name, version));
            }
            columns.put(ReferenceProfile.PREDICTION, data.predictions(version));
            rows = data.versions.stream().filter(v -> v == version).count();
            if (rows == 0) {
                throw new FieldException("from", "no telemetry of version " + version + " in " + command.environment() + " in that range");
            }
        }
        ReferenceProfile profile = ReferenceProfile.of(model, version, command.source(), clock.instant(), rows, columns);
        if (profile.features().isEmpty()) {
            throw new FieldException("rows", "no feature has a value");
        }
        references.save(profile);
        commands.sendAndWait(new RecordReferenceProfile(new MonitoringId(model), new ReferenceProfileBuilt(
                model, version, command.source(), command.datasetName(), command.datasetVersion(), command.environment(), command.from(),
                command.to(), rows, List.copyOf(profile.features().keySet()))));
        Map<String, String> types = new LinkedHashMap<>();
        profile.features().forEach((name, f) -> types.put(name, f.type()));
        return new ReferenceSummary(model, version, command.source(), rows, types);
    }
}
