package io.modelledger.registry.model.web;

import io.modelledger.contracts.Names;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;

/** Request bodies of the model API, validated before any command is sent. */
final class ModelRequests {

    static final String NAME = Names.NAME;

    private ModelRequests() {
    }

    static final String TASK_TYPE = "classification|regression|generation|embedding|ranking|other";
    static final String RISK_TIER = "minimal|limited|high";

    record RegisterModelRequest(
            @NotBlank @Pattern(regexp = NAME, message = Names.NAME_MESSAGE)
            String name,
            @Size(max = 4000) String description,
            @Size(max = 64) Map<@NotBlank @jakarta.validation.constraints.Pattern(regexp = io.modelledger.contracts.Names.TAG_KEY, message = io.modelledger.contracts.Names.TAG_KEY_MESSAGE) String, @Size(max = 1024) String> tags,
            @Size(max = 256) String ownerTeam,
            @Pattern(regexp = TASK_TYPE, message = "must be one of " + TASK_TYPE) String taskType,
            @Pattern(regexp = RISK_TIER, message = "must be one of " + RISK_TIER) String riskTier) {
    }

    /** A partial update: fields left out keep their value. */
    record UpdateModelRequest(@Size(max = 4000) String description, @Size(max = 256) String ownerTeam,
                              @Pattern(regexp = RISK_TIER, message = "must be one of " + RISK_TIER) String riskTier,
                              @Size(max = 64) Map<@NotBlank @jakarta.validation.constraints.Pattern(regexp = io.modelledger.contracts.Names.TAG_KEY, message = io.modelledger.contracts.Names.TAG_KEY_MESSAGE) String, @Size(max = 1024) String> tags,
                              Boolean archived) {
    }

    record UpdateVersionRequest(@NotNull Boolean deprecated, @Size(max = 2000) String reason) {
    }

    record RegisterModelVersionRequest(
            @NotBlank @Size(max = 2048)
            @Pattern(regexp = "^[A-Za-z][A-Za-z0-9+.-]*://\\S+$", message = "must be an absolute URI such as s3://bucket/model.onnx")
            String artifactUri,
            @NotBlank @Pattern(regexp = "^[a-f0-9]{64}$", message = "must be 64 lowercase hex characters")
            String sha256,
            @NotBlank @Size(max = 64) String framework,
            @Size(max = 64) Map<@NotBlank @jakarta.validation.constraints.Pattern(regexp = io.modelledger.contracts.Names.TAG_KEY, message = io.modelledger.contracts.Names.TAG_KEY_MESSAGE) String, @Size(max = 1024) String> tags,
            @PositiveOrZero Long sizeBytes,
            Map<String, Object> inputSchema,
            Map<String, Object> outputSchema,
            @Size(max = 256) Map<String, Object> hyperParameters,
            @Size(max = 256) Map<String, Double> trainingMetrics,
            @Valid LineageRequest lineage,
            @Size(max = 10_000) String notes,
            @Size(max = 2048) @Pattern(regexp = "^https?://[^\\s/?#]+(/\\S*)?$", message = "must be an absolute http(s) URL")
            String servingEndpoint) {
    }

    record DatasetVersionRefRequest(@NotBlank @Pattern(regexp = NAME) String dataset, @NotNull @Min(1) Integer version) {
    }

    record ModelVersionRefRequest(@NotBlank @Pattern(regexp = NAME) String model, @NotNull @Min(1) Integer version) {
    }

    record LineageRequest(@Size(max = 100) List<@Valid @NotNull DatasetVersionRefRequest> trainingData,
                          @Size(max = 100) List<@Valid @NotNull DatasetVersionRefRequest> validationData,
                          @Size(max = 2048) String codeRepository,
                          @Pattern(regexp = "^[0-9a-f]{7,64}$", message = "must be a git commit hash") String codeCommit,
                          @Size(max = 256) String trainingRunId,
                          @Valid ModelVersionRefRequest baseModel) {
    }
}
