package io.modelledger.monitor.canary.web;

import io.modelledger.contracts.Names;
import io.modelledger.monitor.canary.api.CanaryReport;
import io.modelledger.monitor.canary.api.FindCanaryAnalyses;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A deployment's canary analyses: the latest, and its history newest first. */
@RestController
@Validated
@RequestMapping("/api/monitor/deployments")
class CanaryController {

    private final QueryGateway queries;

    CanaryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/{model}/{environment}/canary")
    CanaryReport canary(@PathVariable @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String model,
                        @PathVariable @Pattern(regexp = Names.LABEL, message = Names.LABEL_MESSAGE) String environment,
                        @RequestParam(defaultValue = "20") @Min(1) @Max(200) int limit) {
        return queries.query(new FindCanaryAnalyses(model, environment, limit), ResponseTypes.instanceOf(CanaryReport.class)).join();
    }
}
