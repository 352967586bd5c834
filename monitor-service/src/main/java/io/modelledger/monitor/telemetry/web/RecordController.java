package io.modelledger.monitor.telemetry.web;

import io.modelledger.monitor.Durations;
import io.modelledger.monitor.telemetry.api.ListRecords;
import io.modelledger.monitor.telemetry.api.RecordView;
import io.modelledger.platform.domain.FieldException;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A deployment's recent records, newest first (default: the last hour, 50 records): what each call cost and took,
 * and its online scores. Langfuse's trace list, for the records a deployment received. The text of a call (where
 * the model's policy captures content) is people's prompts and answers: only admins and auditors see it.
 */
@RestController
@RequestMapping("/api/monitor/deployments/{model}/{environment}/records")
class RecordController {

    private final QueryGateway queries;
    private final Clock clock;

    RecordController(QueryGateway queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @GetMapping
    List<RecordView> recent(@PathVariable String model, @PathVariable String environment, @RequestParam(required = false) Instant from,
                            @RequestParam(required = false) Instant to, @RequestParam(defaultValue = "50") int limit) {
        Instant end = to == null ? clock.instant() : to;
        Instant start = from == null ? end.minus(Duration.ofHours(1)) : from;
        Durations.requireRange(start, end);
        if (limit < 1 || limit > ListRecords.MAX_LIMIT) {
            throw new FieldException("limit", "must be between 1 and " + ListRecords.MAX_LIMIT);
        }
        return queries.query(new ListRecords(model, environment, start, end, limit, io.modelledger.monitor.ContentAccess.callerMayRead()),
                             ResponseTypes.multipleInstancesOf(RecordView.class)).join();
    }
}
