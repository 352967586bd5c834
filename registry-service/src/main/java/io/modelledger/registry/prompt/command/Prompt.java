package io.modelledger.registry.prompt.command;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.modelledger.contracts.registry.PromptAliasAssigned;
import io.modelledger.contracts.registry.PromptRegistered;
import io.modelledger.contracts.registry.PromptVersionRegistered;
import io.modelledger.platform.domain.FieldException;
import io.modelledger.platform.domain.NotFoundException;
import io.modelledger.registry.prompt.command.PromptCommands.AssignPromptAlias;
import io.modelledger.registry.prompt.command.PromptCommands.RegisterPrompt;
import io.modelledger.registry.prompt.command.PromptCommands.RegisterPromptVersion;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A named prompt: its immutable template versions, numbered 1, 2, 3…, and its aliases. */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class Prompt {

    @AggregateIdentifier
    private PromptCommands.PromptId id;
    private int latestVersion;
    private Map<String, Integer> aliases = new HashMap<>();

    protected Prompt() {
        // for Axon
    }

    @CommandHandler
    public Prompt(RegisterPrompt command) {
        apply(new PromptRegistered(command.promptId().name(), command.description(), command.tags()));
    }

    /** A version whose declared variables are exactly those its template uses (declared = used when omitted). */
    @CommandHandler
    public int handle(RegisterPromptVersion command) {
        List<String> used = PromptTemplate.variables(command.template());
        List<String> declared = command.variables() == null ? used : command.variables();
        if (!PromptTemplate.sorted(declared).equals(PromptTemplate.sorted(used))) {
            throw new FieldException("variables", "declared " + PromptTemplate.sorted(declared) + " but the template uses "
                    + PromptTemplate.sorted(used));
        }
        int version = latestVersion + 1;
        apply(new PromptVersionRegistered(id.name(), version, command.template(), used, command.targetProvider(),
                                          command.targetModel(), command.parameters(), command.commitMessage()));
        return version;
    }

    @CommandHandler
    public void handle(AssignPromptAlias command) {
        if (command.version() < 1 || command.version() > latestVersion) {
            throw new NotFoundException("Prompt '" + id.name() + "' has no version " + command.version());
        }
        if (Integer.valueOf(command.version()).equals(aliases.get(command.alias()))) {
            return;
        }
        apply(new PromptAliasAssigned(id.name(), command.alias(), command.version(), aliases.get(command.alias())));
    }

    @EventSourcingHandler
    void on(PromptRegistered event) {
        id = new PromptCommands.PromptId(event.promptName());
    }

    @EventSourcingHandler
    void on(PromptVersionRegistered event) {
        latestVersion = event.version();
    }

    @EventSourcingHandler
    void on(PromptAliasAssigned event) {
        aliases.put(event.alias(), event.version());
    }
}
