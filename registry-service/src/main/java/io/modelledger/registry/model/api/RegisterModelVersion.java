package io.modelledger.registry.model.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

public record RegisterModelVersion(@TargetAggregateIdentifier ModelId modelId,
                                   String artifactUri,
                                   String sha256,
                                   String framework,
                                   Map<String, String> tags,
                                   VersionDetails details) {

    public RegisterModelVersion(ModelId modelId, String artifactUri, String sha256, String framework, Map<String, String> tags) {
        this(modelId, artifactUri, sha256, framework, tags, VersionDetails.none());
    }
}
