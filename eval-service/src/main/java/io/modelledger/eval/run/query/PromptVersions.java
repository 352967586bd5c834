package io.modelledger.eval.run.query;

import io.modelledger.contracts.registry.PromptVersionRegistered;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/** The prompt versions the registry published, as eval-service needs them to render prompts per case. */
@Component
@ProcessingGroup(PromptVersions.GROUP)
class PromptVersions {

    static final String GROUP = "eval-prompts";

    private final MongoTemplate mongo;

    PromptVersions(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(PromptVersionRegistered event) {
        mongo.save(new PromptVersionDocument(event.promptName() + "/" + event.version(), event.promptName(), event.version(),
                                             event.template(), event.variables(), event.targetProvider(), event.targetModel(),
                                             event.parameters()));
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(PromptVersionDocument.class);
    }

    @Document("eval_prompt_versions")
    record PromptVersionDocument(@Id String id, String promptName, int version, String template, List<String> variables,
                                 String targetProvider, String targetModel, Map<String, Object> parameters) {
    }
}
