package io.modelledger.registry.access.command;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.modelledger.contracts.access.ApiKeyIssuanceApproved;
import io.modelledger.contracts.access.ApiKeyIssuanceRequested;
import io.modelledger.contracts.access.ApiKeyIssued;
import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.platform.domain.ForbiddenException;
import org.axonframework.messaging.annotation.MetaDataValue;
import io.modelledger.contracts.access.ApiKeyRevoked;
import io.modelledger.platform.domain.ConflictException;
import io.modelledger.registry.access.api.ApiKeyId;
import io.modelledger.registry.access.api.ApproveApiKeyIssuance;
import io.modelledger.registry.access.api.IssueApiKey;
import io.modelledger.registry.access.api.RequestApiKeyIssuance;
import io.modelledger.registry.access.api.RevokeApiKey;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An API key's lifecycle: issued once (directly, or for a privileged key once two admins exist, on a
 * second admin's approval of the request), revoked at most once.
 */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class ApiKey {

    @AggregateIdentifier
    private ApiKeyId id;
    private boolean revoked;
    private ApiKeyIssuanceRequested pending;

    protected ApiKey() {
        // for Axon
    }

    @CommandHandler
    public ApiKey(IssueApiKey command) {
        requireRoles(command.roles());
        if ((command.boundModel() == null) != (command.boundEnvironment() == null)) {
            throw new IllegalArgumentException("binding: a key is bound to a model and an environment, both or neither");
        }
        if (command.boundModel() != null && !command.roles().equals(java.util.List.of(io.modelledger.contracts.access.Roles.INGEST))) {
            throw new IllegalArgumentException("binding: only a key with the ingest role alone can be bound to a deployment");
        }
        apply(new ApiKeyIssued(command.id().keyId(), command.name(), command.owner(), command.roles(),
                               command.expiresAt(), command.secretSha256(), command.boundModel(), command.boundEnvironment()));
    }

    /** A privileged key once two admins exist: nothing is issued until a different admin approves. */
    @CommandHandler
    public ApiKey(RequestApiKeyIssuance command, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        requireRoles(command.roles());
        apply(new ApiKeyIssuanceRequested(command.id().keyId(), command.name(), command.owner(), command.roles(),
                                          command.expiresAt(), actor, command.requestExpiresAt(), command.secretSha256()));
    }

    @CommandHandler
    public void handle(ApproveApiKeyIssuance command, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        if (pending == null) {
            throw new ConflictException("Key " + id.keyId() + " has no pending issuance request");
        }
        if (revoked) {
            throw new ConflictException("The request for key " + id.keyId() + " was withdrawn (the key is revoked)");
        }
        if (actor.equals(pending.requestedBy())) {
            throw new ForbiddenException("The admin who asked for a privileged key may not approve it (four-eyes rule)");
        }
        if (!command.now().isBefore(pending.requestExpiresAt())) {
            throw new ConflictException("The request for key " + id.keyId() + " expired at " + pending.requestExpiresAt());
        }
        apply(new ApiKeyIssuanceApproved(id.keyId(), actor));
        apply(new ApiKeyIssued(id.keyId(), pending.name(), pending.owner(), pending.roles(), pending.expiresAt(),
                               pending.secretSha256()));
    }

    @CommandHandler
    public void handle(RevokeApiKey command) {
        if (revoked) {
            throw new ConflictException("Key " + id.keyId() + " is already revoked");
        }
        apply(new ApiKeyRevoked(id.keyId()));
    }

    private static void requireRoles(java.util.List<String> roles) {
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("A key needs at least one role");
        }
    }

    @EventSourcingHandler
    void on(ApiKeyIssuanceRequested event) {
        this.id = new ApiKeyId(event.keyId());
        this.pending = event;
    }

    @EventSourcingHandler
    void on(ApiKeyIssued event) {
        this.id = new ApiKeyId(event.keyId());
        this.pending = null;
    }

    @EventSourcingHandler
    void on(ApiKeyRevoked event) {
        this.revoked = true;
    }
}
