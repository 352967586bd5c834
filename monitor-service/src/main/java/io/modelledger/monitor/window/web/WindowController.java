package io.modelledger.monitor.window.web;

import io.modelledger.monitor.Durations;
import io.modelledger.monitor.deployment.api.ListActiveDeployments;
import io.modelledger.monitor.deployment.api.Deployment;
import io.modelledger.monitor.window.api.ComputeWindow;
import io.modelledger.monitor.window.api.FindWindowSeries;
import io.modelledger.monitor.window.api.WindowView;
import io.modelledger.platform.domain.FieldException;
import io.modelledger.platform.domain.NotFoundException;
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
 * Dashboards' data: the deployments being watched, each one's evaluated windows as a time series, and
 * the same metrics computed on demand for any time range.
 */
@RestController
@RequestMapping("/api/monitor/deployments")
class WindowController {

    private final QueryGateway queries;
    private final Clock clock;

    WindowController(QueryGateway queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @GetMapping
    List<Deployment> list() {
        return queries.query(new ListActiveDeployments(), ResponseTypes.multipleInstancesOf(Deployment.class)).join();
    }

    /** Stored windows of one size whose start is in [from, to) (default: the last 24 hours), oldest first. */
    @GetMapping("/{model}/{environment}/windows")
    List<WindowView> series(@PathVariable String model, @PathVariable String environment,
                            @RequestParam(defaultValue = "PT15M") String size, @RequestParam(required = false) Instant from,
                            @RequestParam(required = false) Instant to) {
        Duration window = Durations.parse("size", size, Duration.ofSeconds(1));
        Instant end = to == null ? clock.instant() : to;
        Instant start = from == null ? end.minus(Duration.ofDays(1)) : from;
        if (!start.isBefore(end)) {
            throw new FieldException("from", "must be before 'to'");
        }
        return queries.query(new FindWindowSeries(model, environment, window, start, end), ResponseTypes.multipleInstancesOf(WindowView.class))
                      .join();
    }

    /** The window metrics of [from, to), computed now (not stored, no alerts). */
    @GetMapping("/{model}/{environment}/metrics")
    WindowView onDemand(@PathVariable String model, @PathVariable String environment, @RequestParam Instant from,
                        @RequestParam Instant to) {
        Durations.requireRange(from, to);
        return queries.query(new ComputeWindow(model, environment, from, to), ResponseTypes.optionalInstanceOf(WindowView.class)).join()
                      .orElseThrow(() -> new NotFoundException("Model '" + model + "' has never been deployed in '" + environment + "'"));
    }
}
