package io.modelledger.registry.access.command;

import io.modelledger.contracts.access.RequiresRole;
import io.modelledger.contracts.access.Roles;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/** Asks for a privileged key (approver or admin); a different admin must approve before it exists. */
@RequiresRole(Roles.ADMIN)
public record RequestApiKeyIssuance(@TargetAggregateIdentifier ApiKeyId id, String name, String owner, List<String> roles,
                                    Instant expiresAt, Instant requestExpiresAt) {
}
