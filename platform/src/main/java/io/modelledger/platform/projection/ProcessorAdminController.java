package io.modelledger.platform.projection;

import io.modelledger.contracts.operations.ProjectionEventEvicted;
import io.modelledger.contracts.operations.ProjectionReplayed;
import io.modelledger.platform.domain.FieldException;
import io.modelledger.platform.domain.NotFoundException;
import io.modelledger.platform.metadata.RequestMetadata;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/**
 * Admins see each read model's processor, the event it is held at, and act: retry now, evict the held event
 * with a reason (an audited event; the audit chain is never evicted), or replay the read model from the
 * intact events after a fix. Mounted under each service's admin path ({@code /api/<service>/admin}).
 */
@RestController
@RequestMapping("${modelledger.admin.path:/api/admin}/processors")
public class ProcessorAdminController {

    /**
     * {@code writes}: {@code synced} when what the processor writes is on disk before it is acknowledged, {@code deferred}
     * when it reaches disk with the next journal commit and a crash is repaired by handling the events again
     * ({@link ReadModelDurability}).
     */
    public record ProcessorView(String name, String state, boolean replayable, String writes, ProjectionFailures.Failure heldAt) {
    }

    public record Eviction(@NotBlank @Pattern(regexp = "^[0-9a-fA-F-]{8,64}$", message = "must be an event id") String eventId,
                           @NotBlank @Size(max = 2000) String reason) {
    }

    public record Replay(@NotBlank @Size(max = 2000) String reason) {
    }

    private final EventProcessingConfiguration processing;
    private final ProjectionFailures failures;
    private final EventGateway events;
    private final ReadModelDurability durability;
    private final String service;

    public ProcessorAdminController(EventProcessingConfiguration processing, ProjectionFailures failures, EventGateway events,
                                    ReadModelDurability durability, @Value("${spring.application.name:service}") String service) {
        this.processing = processing;
        this.failures = failures;
        this.events = events;
        this.durability = durability;
        this.service = service;
    }

    @GetMapping
    List<ProcessorView> list() {
        return processing.eventProcessors().keySet().stream().sorted().map(this::view).toList();
    }

    @GetMapping("/{name}")
    ProcessorView get(@PathVariable String name) {
        return view(processor(name).getName());
    }

    /** Retries the held event now instead of at the processor's next back-off. */
    @PostMapping("/{name}/retries")
    ProcessorView retry(@PathVariable String name) {
        StreamingEventProcessor processor = processor(name);
        processor.shutDown();
        processor.start();
        return view(name);
    }

    @PostMapping("/{name}/evictions")
    ProcessorView evict(@PathVariable String name, @Valid @RequestBody Eviction eviction) {
        StreamingEventProcessor processor = processor(name);
        var held = failures.failure(name).orElseThrow(() -> new FieldException("eventId", name + " is not held at any event"));
        if (!held.eventId().equals(eviction.eventId())) {
            throw new FieldException("eventId", name + " is held at event " + held.eventId() + ", not " + eviction.eventId());
        }
        try {
            failures.evict(name, eviction.eventId());
        } catch (IllegalArgumentException e) {
            throw new FieldException("name", e.getMessage());
        }
        events.publish(GenericEventMessage.asEventMessage(new ProjectionEventEvicted(service, name, held.eventId(), held.eventType(),
                eviction.reason())).andMetaData(metadata()));
        processor.shutDown();
        processor.start();
        return view(name);
    }

    /** Rebuilds the read model from the intact events, after a code fix: its handlers see every event again. */
    @PostMapping("/{name}/replays")
    ProcessorView replay(@PathVariable String name, @Valid @RequestBody Replay replay) {
        StreamingEventProcessor processor = processor(name);
        if (!processor.supportsReset()) {
            throw new FieldException("name", name + " cannot be replayed");
        }
        events.publish(GenericEventMessage.asEventMessage(new ProjectionReplayed(service, name, replay.reason())).andMetaData(metadata()));
        failures.replayStarting(name);
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        return view(name);
    }

    private Map<String, ?> metadata() {
        return RequestMetadata.current().map(RequestMetadata::asMap).orElse(Map.of());
    }

    private StreamingEventProcessor processor(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class)
                         .orElseThrow(() -> new NotFoundException("No processor " + name + " in " + service));
    }

    private ProcessorView view(String name) {
        var processor = processing.eventProcessor(name, StreamingEventProcessor.class).orElse(null);
        if (processor == null) {
            return new ProcessorView(name, "subscribing", false, "synced", null);
        }
        var held = failures.failure(name);
        String state = processor.isError() || held.isPresent() ? "error" : processor.isRunning() ? "running" : "stopped";
        return new ProcessorView(name, state, processor.supportsReset(), durability.deferred(name) ? "deferred" : "synced",
                                 held.orElse(null));
    }
}
