package io.modelledger.registry.access.command;

import io.modelledger.contracts.access.ApiKeyToken;
import io.modelledger.contracts.access.Roles;
import io.modelledger.contracts.metadata.SystemActors;
import io.modelledger.platform.metadata.SystemMetadata;
import io.modelledger.registry.access.api.ApiKeyId;
import io.modelledger.registry.access.api.IssueApiKey;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * The first admin key of a fresh installation. It has a fixed key id, so the event store lets it be
 * issued exactly once however many times or places this runs; only the run that issued it gets the key.
 */
@Component
public class BootstrapAdminKey {

    static final String KEY_ID = "0000000000000000";

    private final CommandGateway commands;
    private final SecureRandom random = new SecureRandom();

    BootstrapAdminKey(CommandGateway commands) {
        this.commands = commands;
    }

    /** The new key if this installation had none yet; empty if it was issued before. */
    public Optional<String> issueIfFirstStart() {
        ApiKeyToken key = ApiKeyToken.generate(KEY_ID, random);
        IssueApiKey command = new IssueApiKey(new ApiKeyId(KEY_ID), "bootstrap admin", "bootstrap-admin",
                                              List.of(Roles.ADMIN), null, key.secretSha256());
        try {
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(
                    SystemMetadata.of(SystemActors.REGISTRY, "first start: bootstrap admin key")));
            return Optional.of(key.reveal());
        } catch (AggregateStreamCreationException alreadyIssued) {
            return Optional.empty();
        }
    }
}
