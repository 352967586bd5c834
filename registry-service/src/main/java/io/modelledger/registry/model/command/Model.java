package io.modelledger.registry.model.command;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.modelledger.contracts.registry.ModelRegistered;
import io.modelledger.contracts.registry.ModelVersionRegistered;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A named model and the numbering of its versions. The name is the identity: a second registration of
 * the same name is refused by the event store (the aggregate's first sequence number is taken).
 */
@Aggregate(snapshotTriggerDefinition = "modelSnapshotTrigger")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class Model {

    @AggregateIdentifier
    private ModelId id;
    private int latestVersion;

    protected Model() {
        // for Axon
    }

    @CommandHandler
    public Model(RegisterModel command) {
        apply(new ModelRegistered(command.modelId().name(), command.description(), command.tags()));
    }

    /** Registers the next version, numbered 1, 2, 3… and returns its number. */
    @CommandHandler
    public int handle(RegisterModelVersion command) {
        int version = latestVersion + 1;
        apply(new ModelVersionRegistered(id.name(), version, command.artifactUri(), command.sha256(),
                                         command.framework(), command.tags()));
        return version;
    }

    @EventSourcingHandler
    void on(ModelRegistered event) {
        this.id = new ModelId(event.modelName());
    }

    @EventSourcingHandler
    void on(ModelVersionRegistered event) {
        this.latestVersion = event.version();
    }
}
