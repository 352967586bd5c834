package io.modelledger.platform.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.modelledger.platform.projection.ProjectionGate;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How far each event processor is behind the head of the event store, per processor and segment, as the
 * gauge {@code modelledger.processor.lag} (events; Prometheus: {@code modelledger_processor_lag_events}),
 * and how many events each holds at because it cannot apply them ({@code modelledger.dead.letters},
 * Prometheus {@code modelledger_dead_letters}), refreshed every 2 s. Two health indicators:
 * {@code eventProcessors} (part of readiness) is down while a processor listed in
 * {@code modelledger.projections.readiness} (all, when the list is empty) is in error or not running;
 * {@code projections} reports every processor and the event it is held at.
 */
public class ProcessorObservability implements HealthIndicator, org.springframework.context.SmartLifecycle {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final MultiGauge lag;
    private final MultiGauge deadLetters;
    private final io.modelledger.platform.projection.ProjectionFailures failures;
    private final java.util.Set<String> readiness;
    private java.util.concurrent.ScheduledExecutorService scheduler;

    public ProcessorObservability(EventProcessingConfiguration processing, EventStore eventStore, MeterRegistry registry,
                                  io.modelledger.platform.projection.ProjectionFailures failures, java.util.Set<String> readiness) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.failures = failures;
        this.readiness = readiness;
        this.deadLetters = MultiGauge.builder("modelledger.dead.letters")
                                     .description("Events a processor is held at because it cannot apply them")
                                     .register(registry);
        this.lag = MultiGauge.builder("modelledger.processor.lag").baseUnit("events")
                             .description("Events between the head of the event store and a processor segment's position")
                             .register(registry);
    }

    /** Lag per processor and segment now: head position minus the segment's position. */
    public Map<String, Map<Integer, Long>> lag() {
        long head = ProjectionGate.position(eventStore.createHeadToken());
        Map<String, Map<Integer, Long>> lags = new LinkedHashMap<>();
        for (StreamingEventProcessor processor : processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance).map(StreamingEventProcessor.class::cast).toList()) {
            Map<Integer, Long> segments = new LinkedHashMap<>();
            for (Map.Entry<Integer, EventTrackerStatus> entry : processor.processingStatus().entrySet()) {
                segments.put(entry.getKey(), Math.max(0, head - ProjectionGate.position(entry.getValue())));
            }
            lags.put(processor.getName(), segments);
        }
        return lags;
    }

    @Override
    public void start() {
        scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("processor-lag").daemon().factory());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                refresh();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ProcessorObservability.class).debug("Could not measure processor lag", e);
            }
        }, 1, 2, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    public void refresh() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        lag().forEach((processor, segments) -> segments.forEach((segment, events) ->
                rows.add(MultiGauge.Row.of(Tags.of("processor", processor, "segment", String.valueOf(segment)), events))));
        lag.register(rows, true);
        List<MultiGauge.Row<?>> held = new ArrayList<>();
        for (var entry : processing.eventProcessors().entrySet()) {
            held.add(MultiGauge.Row.of(Tags.of("processor", entry.getKey()), failures.failure(entry.getKey()).isPresent() ? 1 : 0));
        }
        deadLetters.register(held, true);
    }

    /** Readiness: the processors chosen for it (all when none are listed) are running and not held at an event. */
    @Override
    public Health health() {
        return report(name -> readiness.isEmpty() || readiness.contains(name));
    }

    /** Every processor, with the event it is held at. */
    public Health projections() {
        return report(name -> true);
    }

    private Health report(java.util.function.Predicate<String> counted) {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean up = true;
        for (var entry : processing.eventProcessors().entrySet()) {
            if (entry.getValue() instanceof StreamingEventProcessor processor && counted.test(entry.getKey())) {
                boolean error = processor.isError();
                boolean running = processor.isRunning();
                var held = failures.failure(entry.getKey());
                details.put(entry.getKey(), held.isPresent()
                        ? "error: held at " + held.get().describe()
                        : error ? "error" : running ? "running" : "stopped");
                up &= running && !error && held.isEmpty();
            }
        }
        return (up ? Health.up() : Health.down()).withDetails(details).build();
    }
}
