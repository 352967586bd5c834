package io.modelledger.monitor.label.command;

import io.modelledger.monitor.label.api.LabelReceipt;
import io.modelledger.monitor.label.api.RecordLabels;
import io.modelledger.monitor.telemetry.api.Rejection;
import io.modelledger.monitor.telemetry.query.LabelStore;
import io.modelledger.monitor.telemetry.query.TelemetryParser;
import io.modelledger.monitor.telemetry.query.TelemetryStore;
import org.axonframework.commandhandling.CommandHandler;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins delayed labels to their records: each label finds its record by deployment and inference id (within the telemetry's
 * retention) and is kept beside it; the windows holding the labelled minutes are evaluated again. Like telemetry, labels
 * are stored, not sent as events: only what they lead to (an alert on accuracy) is one. Sending the same label again
 * changes nothing; a different one for the same inference replaces it (a correction).
 */
@Component
class LabelIngestion {

    private final LabelStore labels;
    private final TelemetryStore telemetry;
    private final Clock clock;

    LabelIngestion(LabelStore labels, TelemetryStore telemetry, Clock clock) {
        this.labels = labels;
        this.telemetry = telemetry;
        this.clock = clock;
    }

    @CommandHandler
    LabelReceipt handle(RecordLabels command) {
        List<RecordLabels.Label> sent = command.labels();
        Map<String, LabelStore.Located> found = labels.locate(command.model(), command.environment(),
                                                              sent.stream().map(RecordLabels.Label::inferenceId).toList());
        Map<LabelStore.Located, Object> kept = new LinkedHashMap<>();
        List<Rejection> rejected = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            RecordLabels.Label label = sent.get(i);
            LabelStore.Located where = found.get(label.inferenceId());
            Object value = scalar(label.label());
            if (value == null) {
                rejected.add(new Rejection(i, "label", "must be text (at most 256 printable characters), a finite number or true/false"));
            } else if (where == null) {
                rejected.add(new Rejection(i, "inferenceId", "no record of model '" + command.model() + "' in '" + command.environment()
                        + "' with this inferenceId within the retention of " + telemetry.retention() + " (send the telemetry first)"));
            } else {
                kept.put(where, value);
            }
        }
        if (!kept.isEmpty()) {
            labels.save(command.model(), kept, Date.from(clock.instant().plus(telemetry.retention())));
        }
        return new LabelReceipt(kept.size(), rejected);
    }

    /** A label as stored: text (at most 256 printable characters), a finite number, or a boolean; null for anything else. */
    private static Object scalar(Object value) {
        if (value instanceof String text) {
            return TelemetryParser.textProblem(text, 256) == null ? text : null;
        }
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number number && !(value instanceof java.math.BigInteger) && Double.isFinite(number.doubleValue())) {
            return number.doubleValue();
        }
        return value instanceof Boolean ? value : null;
    }
}
