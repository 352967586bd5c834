package io.modelledger.registry.model.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

public record RegisterModelVersion(@TargetAggregateIdentifier ModelId modelId,
                                   String artifactUri,
                                   String sha256,
                                   String framework,
                                   Map<String, String> tags,
                                   ModelCommands.VersionDetails details) {

    public RegisterModelVersion(ModelId modelId, String artifactUri, String sha256, String framework, Map<String, String> tags) {
        this(modelId, artifactUri, sha256, framework, tags, ModelCommands.VersionDetails.none());
    }
}
