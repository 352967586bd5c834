package io.modelledger.registry.access.command;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.modelledger.contracts.access.ApiKeyIssued;
import io.modelledger.contracts.access.ApiKeyRevoked;
import io.modelledger.platform.domain.ConflictException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** An API key's lifecycle: issued once, revoked at most once. */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class ApiKey {

    @AggregateIdentifier
    private ApiKeyId id;
    private boolean revoked;

    protected ApiKey() {
        // for Axon
    }

    @CommandHandler
    public ApiKey(IssueApiKey command) {
        if (command.roles().isEmpty()) {
            throw new IllegalArgumentException("A key needs at least one role");
        }
        apply(new ApiKeyIssued(command.id().keyId(), command.name(), command.owner(), command.roles(),
                               command.expiresAt(), command.secretSha256()));
    }

    @CommandHandler
    public void handle(RevokeApiKey command) {
        if (revoked) {
            throw new ConflictException("Key " + id.keyId() + " is already revoked");
        }
        apply(new ApiKeyRevoked(id.keyId()));
    }

    @EventSourcingHandler
    void on(ApiKeyIssued event) {
        this.id = new ApiKeyId(event.keyId());
    }

    @EventSourcingHandler
    void on(ApiKeyRevoked event) {
        this.revoked = true;
    }
}
