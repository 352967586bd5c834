package io.modelledger.registry.access.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/** Issues a key whose secret the caller generated; only the secret's hash enters the command. */
public record IssueApiKey(@TargetAggregateIdentifier ApiKeyId id, String name, String owner, List<String> roles,
                          Instant expiresAt, String secretSha256) {
}
