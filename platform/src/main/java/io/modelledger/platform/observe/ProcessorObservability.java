package io.modelledger.platform.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
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
 * refreshed every 2 s; and a health indicator ({@code eventProcessors}, part of readiness) that is down
 * while a processor is in error or not running.
 */
public class ProcessorObservability implements HealthIndicator, org.springframework.context.SmartLifecycle {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final MultiGauge lag;
    private java.util.concurrent.ScheduledExecutorService scheduler;

    public ProcessorObservability(EventProcessingConfiguration processing, EventStore eventStore, MeterRegistry registry) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.lag = MultiGauge.builder("modelledger.processor.lag").baseUnit("events")
                             .description("Events between the head of the event store and a processor segment's position")
                             .register(registry);
    }

    /** Lag per processor and segment now: head position minus the segment's position. */
    public Map<String, Map<Integer, Long>> lag() {
        long head = position(eventStore.createHeadToken());
        Map<String, Map<Integer, Long>> lags = new LinkedHashMap<>();
        for (StreamingEventProcessor processor : processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance).map(StreamingEventProcessor.class::cast).toList()) {
            Map<Integer, Long> segments = new LinkedHashMap<>();
            for (Map.Entry<Integer, EventTrackerStatus> entry : processor.processingStatus().entrySet()) {
                EventTrackerStatus status = entry.getValue();
                long position = status.getCurrentPosition().isPresent() ? status.getCurrentPosition().getAsLong()
                        : position(status.getTrackingToken());
                segments.put(entry.getKey(), Math.max(0, head - position));
            }
            lags.put(processor.getName(), segments);
        }
        return lags;
    }

    private static long position(TrackingToken token) {
        return token == null ? 0 : token.position().orElse(0);
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
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean up = true;
        for (var entry : processing.eventProcessors().entrySet()) {
            if (entry.getValue() instanceof StreamingEventProcessor processor) {
                boolean error = processor.isError();
                boolean running = processor.isRunning();
                details.put(entry.getKey(), error ? "error" : running ? "running" : "stopped");
                up &= running && !error;
            }
        }
        return (up ? Health.up() : Health.down()).withDetails(details).build();
    }
}
