package io.modelledger.registry.access.api;

import io.modelledger.contracts.access.RequiresRole;
import io.modelledger.contracts.access.Roles;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/**
 * Asks for a privileged key (approver or admin) whose owner made it and gave only the hash of its secret; a
 * different admin must approve before it works.
 */
@RequiresRole(Roles.ADMIN)
public record RequestApiKeyIssuance(@TargetAggregateIdentifier ApiKeyId id, String name, String owner, List<String> roles,
                                    Instant expiresAt, Instant requestExpiresAt, String secretSha256) {
}
