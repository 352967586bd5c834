package io.modelledger.monitor.deployment.web;

import io.modelledger.monitor.deployment.api.FindKnownVersion;
import io.modelledger.monitor.deployment.api.KnownVersionView;
import io.modelledger.platform.domain.NotFoundException;
import jakarta.validation.constraints.Min;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The model versions the monitor knows of. */
@RestController
@Validated
@RequestMapping("/api/monitor/models/{name}/versions")
class KnownVersionController {

    private final QueryGateway queries;

    KnownVersionController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/{version}")
    KnownVersionView get(@PathVariable String name, @PathVariable @Min(1) int version) {
        return queries.query(new FindKnownVersion(name, version), ResponseTypes.optionalInstanceOf(KnownVersionView.class))
                      .join()
                      .orElseThrow(() -> new NotFoundException("The monitor knows no version " + version
                                                                       + " of model '" + name + "'"));
    }
}
