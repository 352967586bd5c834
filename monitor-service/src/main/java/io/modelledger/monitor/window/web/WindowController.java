package io.modelledger.monitor.window.web;

import io.modelledger.monitor.Durations;
import io.modelledger.monitor.deployment.query.Deployments;
import io.modelledger.monitor.deployment.query.Deployments.Deployment;
import io.modelledger.monitor.window.query.WindowMetrics;
import io.modelledger.monitor.window.query.WindowView;
import io.modelledger.monitor.window.query.Windows;
import io.modelledger.platform.domain.FieldException;
import io.modelledger.platform.domain.NotFoundException;
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

    private final Deployments deployments;
    private final Windows windows;
    private final WindowMetrics metrics;

    private final Clock clock;

    WindowController(Deployments deployments, Windows windows, WindowMetrics metrics, Clock clock) {
        this.clock = clock;
        this.deployments = deployments;
        this.windows = windows;
        this.metrics = metrics;
    }

    @GetMapping
    List<Deployment> list() {
        return deployments.active();
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
        return windows.series(model, environment, window, start, end);
    }

    /** The window metrics of [from, to), computed now (not stored, no alerts). */
    @GetMapping("/{model}/{environment}/metrics")
    WindowView onDemand(@PathVariable String model, @PathVariable String environment, @RequestParam Instant from,
                        @RequestParam Instant to) {
        Instant start = from;
        Instant end = to;
        if (!start.isBefore(end)) {
            throw new FieldException("from", "must be before 'to'");
        }
        if (Duration.between(start, end).compareTo(Duration.ofDays(31)) > 0) {
            throw new FieldException("to", "at most 31 days after 'from'");
        }
        Deployment deployment = deployments.find(model, environment)
                .orElseThrow(() -> new NotFoundException("Model '" + model + "' has never been deployed in '" + environment + "'"));
        return metrics.compute(deployment, start, end);
    }
}
