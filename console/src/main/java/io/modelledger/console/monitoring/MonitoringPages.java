package io.modelledger.console.monitoring;

import io.modelledger.console.api.Api;
import io.modelledger.console.api.ApiException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deployment's windows as charts over a chosen range (latency p95, error rate, drift share, cost, negative
 * feedback), drawn in the browser by uPlot from the series the page carries (and as tables for screen readers),
 * and its alerts, which a contributor acknowledges or resolves here.
 */
@Controller
class MonitoringPages {

    /** The ranges a chart can show, shortest first. */
    static final Map<String, Duration> RANGES = orderedRanges();
    static final int MAX_POINTS = 500;

    private static Map<String, Duration> orderedRanges() {
        Map<String, Duration> ranges = new LinkedHashMap<>();
        ranges.put("15m", Duration.ofMinutes(15));
        ranges.put("1h", Duration.ofHours(1));
        ranges.put("6h", Duration.ofHours(6));
        ranges.put("24h", Duration.ofDays(1));
        ranges.put("7d", Duration.ofDays(7));
        ranges.put("30d", Duration.ofDays(30));
        return java.util.Collections.unmodifiableMap(ranges);
    }

    /** The smallest window size the monitor keeps that gives at most {@link #MAX_POINTS} points over {@code range}. */
    static Duration windowFor(Duration range, List<Duration> sizes) {
        return sizes.stream().filter(size -> range.dividedBy(size) <= MAX_POINTS).findFirst().orElse(sizes.getLast());
    }

    record Chart(String metric, String title, String unit, String series, List<List<Object>> rows, long points) {
    }

    static final List<List<String>> CHARTS = List.of(List.of("latency_p95", "Latency p95", "ms"), List.of("error_rate", "Error rate", "share"),
                                                    List.of("drift_share", "Drifted features", "share"), List.of("cost_total", "Cost", "USD"),
                                                    List.of("negative_feedback_share", "Negative feedback", "share"));

    private final Api api;
    private final JsonMapper json;
    private final Clock clock;
    private final List<Duration> windowSizes;

    MonitoringPages(Api api, JsonMapper json, Clock clock, io.modelledger.console.ConsoleProperties properties) {
        this.api = api;
        this.json = json;
        this.clock = clock;
        this.windowSizes = properties.windowSizes();
    }

    @GetMapping("/models/{name}/monitoring/{environment}")
    String monitoring(@PathVariable String name, @PathVariable String environment, @RequestParam(defaultValue = "24h") String range,
                      Model model) {
        Duration length = RANGES.get(range);
        if (length == null) {
            throw new ApiException(400, "Bad request", "unknown range",
                                   List.of(new ApiException.FieldError("range", "must be one of " + String.join(", ", RANGES.keySet()))), null);
        }
        Duration window = windowFor(length, windowSizes);
        Instant to = clock.instant();
        List<Object> windows = api.getList(Api.path("/api/monitor/deployments/{model}/{environment}/windows", name, environment)
                                              .query("size", window.toString()).query("from", to.minus(length)).query("to", to));
        List<Chart> charts = new ArrayList<>();
        for (List<String> chart : CHARTS) {
            charts.add(chart(chart.get(0), chart.get(1), chart.get(2), windows));
        }
        model.addAttribute("name", name);
        model.addAttribute("environment", environment);
        model.addAttribute("range", range);
        model.addAttribute("ranges", List.copyOf(RANGES.keySet()));
        model.addAttribute("window", window.toString().substring(2).toLowerCase(java.util.Locale.ROOT));
        model.addAttribute("windows", windows.size());
        model.addAttribute("charts", charts);
        model.addAttribute("withCharts", true);
        model.addAttribute("alerts", api.getList(Api.path("/api/monitor/alerts").query("model", name).query("limit", 100)).stream()
                                        .filter(a -> a instanceof Map<?, ?> m && environment.equals(m.get("environment"))).toList());
        return "monitoring";
    }

    @PostMapping("/alerts/{alertId}/{action:acknowledge|resolve}")
    String alert(@PathVariable String alertId, @PathVariable String action, @RequestParam(required = false) String note,
                 @RequestParam String back, RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("note", note == null || note.isBlank() ? null : note.strip());
        boolean acknowledge = "acknowledge".equals(action);
        api.send("POST", Api.path("/api/monitor/alerts/{id}/" + (acknowledge ? "acknowledgements" : "resolutions"), alertId),
                 acknowledge ? body : null, note);
        redirect.addFlashAttribute("notice", acknowledge ? "Alert acknowledged" : "Alert resolved");
        // back to the monitoring page it came from, by path only
        return "redirect:" + (back.startsWith("/models/") && !back.contains("//") ? back : "/");
    }

    /** One metric's series: window starts (epoch seconds) and values, null where a window has no value. */
    @SuppressWarnings("unchecked")
    private Chart chart(String metric, String title, String unit, List<Object> windows) {
        List<Long> times = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        long points = 0;
        for (Object item : windows) {
            Map<String, Object> window = (Map<String, Object>) item;
            Instant start = Instant.parse(String.valueOf(window.get("start")));
            Map<String, Object> metrics = window.get("metrics") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            Double value = metrics.get(metric) instanceof Number n ? n.doubleValue() : null;
            times.add(start.getEpochSecond());
            values.add(value);
            if (value != null) {
                points++;
                rows.add(List.of(start.toString(), value));
            }
        }
        return new Chart(metric, title, unit, json.writeValueAsString(List.of(times, values)), rows, points);
    }
}
