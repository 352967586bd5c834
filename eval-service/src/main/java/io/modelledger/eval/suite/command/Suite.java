package io.modelledger.eval.suite.command;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.modelledger.contracts.eval.SuiteVersionPublished;
import io.modelledger.eval.suite.api.PublishSuiteVersion;
import io.modelledger.eval.suite.api.SuiteId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An evaluation suite: the numbering of its immutable versions. Uploading the content of the latest
 * version again is not a new version (content is identified by its SHA-256); any other content is.
 */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class Suite {

    @AggregateIdentifier
    private SuiteId id;
    private int latestVersion;
    private String latestSha256;

    protected Suite() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public PublishSuiteVersion.Published handle(PublishSuiteVersion command) {
        if (command.sha256().equals(latestSha256)) {
            return new PublishSuiteVersion.Published(latestVersion, false);
        }
        int version = latestVersion + 1;
        apply(new SuiteVersionPublished(command.suiteId().name(), version, command.sha256(), command.caseCount(),
                                        command.metrics(), command.description()));
        return new PublishSuiteVersion.Published(version, true);
    }

    @EventSourcingHandler
    void on(SuiteVersionPublished event) {
        id = new SuiteId(event.suiteName());
        latestVersion = event.version();
        latestSha256 = event.sha256();
    }
}
