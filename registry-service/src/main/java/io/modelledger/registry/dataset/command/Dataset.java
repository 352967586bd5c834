package io.modelledger.registry.dataset.command;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.modelledger.contracts.registry.DatasetRegistered;
import io.modelledger.contracts.registry.DatasetVersionRegistered;
import io.modelledger.registry.dataset.api.DatasetId;
import io.modelledger.registry.dataset.api.RegisterDataset;
import io.modelledger.registry.dataset.api.RegisterDatasetVersion;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A named dataset and the numbering of its immutable versions; names are unique (the store refuses a second). */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class Dataset {

    @AggregateIdentifier
    private DatasetId id;
    private int latestVersion;

    protected Dataset() {
        // for Axon
    }

    @CommandHandler
    public Dataset(RegisterDataset command) {
        apply(new DatasetRegistered(command.datasetId().name(), command.description(), command.owner(), command.tags()));
    }

    @CommandHandler
    public int handle(RegisterDatasetVersion command) {
        int version = latestVersion + 1;
        apply(new DatasetVersionRegistered(id.name(), version, command.uri(), command.sha256(), command.rowCount(),
                                           command.schema(), command.containsPersonalData()));
        return version;
    }

    @EventSourcingHandler
    void on(DatasetRegistered event) {
        id = new DatasetId(event.datasetName());
    }

    @EventSourcingHandler
    void on(DatasetVersionRegistered event) {
        latestVersion = event.version();
    }
}
