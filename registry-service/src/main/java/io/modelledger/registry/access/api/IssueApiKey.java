package io.modelledger.registry.access.api;

import io.modelledger.contracts.access.RequiresRole;
import io.modelledger.contracts.access.Roles;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/** Issues a key whose secret the caller generated; only the secret's hash enters the command. */
@RequiresRole(Roles.ADMIN)
public record IssueApiKey(@TargetAggregateIdentifier ApiKeyId id, String name, String owner, List<String> roles,
                          Instant expiresAt, String secretSha256, String boundModel, String boundEnvironment) {

    /** A key bound to no deployment. */
    public IssueApiKey(ApiKeyId id, String name, String owner, List<String> roles, Instant expiresAt, String secretSha256) {
        this(id, name, owner, roles, expiresAt, secretSha256, null, null);
    }
}
