package io.modelledger.registry.model.web;

import io.modelledger.platform.domain.NotFoundException;
import io.modelledger.contracts.registry.DatasetVersionRef;
import io.modelledger.contracts.registry.Lineage;
import io.modelledger.contracts.registry.ModelVersionRef;
import io.modelledger.platform.domain.FieldException;
import io.modelledger.registry.dataset.api.DatasetVersionView;
import io.modelledger.registry.dataset.api.FindDatasetVersion;
import io.modelledger.registry.model.api.ArchiveModel;
import io.modelledger.registry.model.api.ChangeModelDetails;
import io.modelledger.registry.model.api.DeprecateVersion;
import io.modelledger.registry.model.api.FindModel;
import io.modelledger.registry.model.api.FindModelVersion;
import io.modelledger.registry.model.api.ListModelVersions;
import io.modelledger.registry.model.api.ListModels;
import io.modelledger.registry.model.api.ModelFilter;
import io.modelledger.registry.model.api.RestoreModel;
import io.modelledger.registry.model.api.VersionDetails;
import io.modelledger.registry.model.api.ModelId;
import io.modelledger.registry.model.api.RegisterModel;
import io.modelledger.registry.model.api.RegisterModelVersion;
import io.modelledger.registry.model.api.VersionFilter;
import io.modelledger.registry.model.api.ModelVersionView;
import io.modelledger.registry.model.api.ModelView;
import io.modelledger.registry.model.api.ModelPage;
import io.modelledger.registry.model.api.ModelVersionPage;
import io.modelledger.registry.model.web.ModelRequests.RegisterModelRequest;
import io.modelledger.registry.model.web.ModelRequests.RegisterModelVersionRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Models and their versions. Writes answer with what was registered; reads come from the catalog read
 * model, which follows the event store within milliseconds (eventual consistency).
 */
@RestController
@RequestMapping("/api/registry/models")
class ModelController {

    private final CommandGateway commands;
    private final QueryGateway queries;

    ModelController(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    record RegisteredModel(String name, String description, Map<String, String> tags) {
    }

    record RegisteredVersion(String modelName, int version, String artifactUri, String sha256, String framework,
                             Map<String, String> tags) {
    }

    @PostMapping
    ResponseEntity<RegisteredModel> register(@Valid @RequestBody RegisterModelRequest request) {
        Map<String, String> tags = request.tags() == null ? Map.of() : request.tags();
        commands.sendAndWait(new RegisterModel(new ModelId(request.name()), request.description(), tags, request.ownerTeam(),
                                               request.taskType() == null ? "other" : request.taskType(), request.riskTier()));
        return ResponseEntity.created(URI.create("/api/registry/models/" + request.name()))
                             .body(new RegisteredModel(request.name(), request.description(), tags));
    }

    /** Models by name, filtered; {@code next} is the cursor ({@code after}) of the following page. */
    @GetMapping
    ModelPage list(@RequestParam(required = false) String after,
                   @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
                   @RequestParam(required = false) String owner,
                   @RequestParam(required = false) @Pattern(regexp = ModelRequests.RISK_TIER) String riskTier,
                   @RequestParam(required = false) @Pattern(regexp = ModelRequests.TASK_TYPE) String taskType,
                   @RequestParam(required = false) @Pattern(regexp = "^[^:]{1,128}:.{0,1024}$", message = "must be key:value") String tag,
                   @RequestParam(required = false) @Pattern(regexp = GovernanceController.LABEL) String alias,
                   @RequestParam(required = false) @Size(max = 200) String q,
                   @RequestParam(defaultValue = "false") boolean includeArchived) {
        ModelFilter filter = new ModelFilter(owner, riskTier, taskType, tag, alias, q, includeArchived);
        return queries.query(new ListModels(after, limit, filter), ResponseTypes.instanceOf(ModelPage.class)).join();
    }

    /** Changes description, owner team, risk tier or tags, and archives or restores the model. */
    @PatchMapping("/{name}")
    ResponseEntity<Void> update(@PathVariable @Pattern(regexp = ModelRequests.NAME) String name,
                                @Valid @RequestBody ModelRequests.UpdateModelRequest request) {
        ModelView current = get(name).getBody();
        ModelId id = new ModelId(name);
        if (request.description() != null || request.ownerTeam() != null || request.riskTier() != null || request.tags() != null) {
            commands.sendAndWait(new ChangeModelDetails(
                    id, request.description() != null ? request.description() : current.description(),
                    request.ownerTeam() != null ? request.ownerTeam() : current.ownerTeam(),
                    request.riskTier() != null ? request.riskTier() : current.riskTier(),
                    request.tags() != null ? request.tags() : current.tags()));
        }
        if (Boolean.TRUE.equals(request.archived())) {
            commands.sendAndWait(new ArchiveModel(id));
        } else if (Boolean.FALSE.equals(request.archived())) {
            commands.sendAndWait(new RestoreModel(id));
        }
        return ResponseEntity.accepted().location(URI.create("/api/registry/models/" + name)).build();
    }

    /** Deprecates a version (versions are otherwise immutable). */
    @PatchMapping("/{name}/versions/{version}")
    ResponseEntity<Void> updateVersion(@PathVariable @Pattern(regexp = ModelRequests.NAME) String name,
                                       @PathVariable @Min(1) int version,
                                       @Valid @RequestBody ModelRequests.UpdateVersionRequest request) {
        if (!request.deprecated()) {
            throw new FieldException("deprecated", "a deprecated version stays deprecated; register a new version instead");
        }
        commands.sendAndWait(new DeprecateVersion(new ModelId(name), version, request.reason()));
        return ResponseEntity.accepted().location(URI.create("/api/registry/models/" + name + "/versions/" + version)).build();
    }

    /**
     * The model, with the aggregate version it reflects as the ETag: send it back as {@code If-Match} with a
     * change and the change is refused (412) if the model is no longer at that version. Body and ETag come
     * from one read-model document, so they always describe the same state; while the read model is behind
     * a write, the ETag is older too, and a change sent with it is refused rather than applied to a state
     * the client has not seen.
     */
    @GetMapping("/{name}")
    ResponseEntity<ModelView> get(@PathVariable @Pattern(regexp = ModelRequests.NAME) String name) {
        ModelView model = queries.query(new FindModel(name), ResponseTypes.optionalInstanceOf(ModelView.class))
                                 .join()
                                 .orElseThrow(() -> new NotFoundException("No model named '" + name + "'"));
        return ResponseEntity.ok().eTag("\"" + model.revision() + "\"").body(model);
    }

    @PostMapping("/{name}/versions")
    ResponseEntity<RegisteredVersion> registerVersion(@PathVariable @Pattern(regexp = ModelRequests.NAME) String name,
                                                      @Valid @RequestBody RegisterModelVersionRequest request) {
        Map<String, String> tags = request.tags() == null ? Map.of() : request.tags();
        Lineage lineage = lineage(request.lineage());
        VersionDetails details = new VersionDetails(request.sizeBytes(), request.inputSchema(), request.outputSchema(),
                                                    request.hyperParameters(), request.trainingMetrics(), lineage,
                                                    request.notes(), request.servingEndpoint());
        int version = commands.sendAndWait(new RegisterModelVersion(new ModelId(name), request.artifactUri(),
                                                                    request.sha256(), request.framework(), tags, details));
        return ResponseEntity.created(URI.create("/api/registry/models/" + name + "/versions/" + version))
                             .body(new RegisteredVersion(name, version, request.artifactUri(), request.sha256(),
                                                         request.framework(), tags));
    }

    /** The lineage as given, each dataset and base model version checked to exist (400 naming the field if not). */
    private Lineage lineage(ModelRequests.LineageRequest request) {
        if (request == null) {
            return Lineage.none();
        }
        List<DatasetVersionRef> training = datasets(request.trainingData(), "lineage.trainingData");
        List<DatasetVersionRef> validation = datasets(request.validationData(), "lineage.validationData");
        ModelVersionRef base = null;
        if (request.baseModel() != null) {
            base = new ModelVersionRef(request.baseModel().model(), request.baseModel().version());
            if (queries.query(new FindModelVersion(base.model(), base.version()),
                              ResponseTypes.optionalInstanceOf(ModelVersionView.class)).join().isEmpty()) {
                throw new FieldException("lineage.baseModel", "no version " + base.version() + " of model '" + base.model() + "'");
            }
        }
        return new Lineage(training, validation, request.codeRepository(), request.codeCommit(), request.trainingRunId(), base);
    }

    private List<DatasetVersionRef> datasets(List<ModelRequests.DatasetVersionRefRequest> refs, String field) {
        if (refs == null) {
            return List.of();
        }
        List<DatasetVersionRef> checked = new java.util.ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            DatasetVersionRef ref = new DatasetVersionRef(refs.get(i).dataset(), refs.get(i).version());
            if (queries.query(new FindDatasetVersion(ref.dataset(), ref.version()),
                              ResponseTypes.optionalInstanceOf(DatasetVersionView.class)).join().isEmpty()) {
                throw new FieldException(field + "[" + i + "]", "no version " + ref.version() + " of dataset '" + ref.dataset() + "'");
            }
            checked.add(ref);
        }
        return checked;
    }

    @GetMapping("/{name}/versions")
    ModelVersionPage listVersions(@PathVariable @Pattern(regexp = ModelRequests.NAME) String name,
                                        @RequestParam(defaultValue = "0") @Min(0) int after,
                                        @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
                                        @RequestParam(required = false) @Size(max = 1200) String tag,
                                        @RequestParam(required = false) @Size(max = 64) String framework,
                                        @RequestParam(required = false) Boolean deprecated) {
        get(name); // 404 for an unknown model rather than an empty page
        return queries.query(new ListModelVersions(name, after, limit,
                                                                new VersionFilter(tag, framework, deprecated)),
                             ResponseTypes.instanceOf(ModelVersionPage.class)).join();
    }

    @GetMapping("/{name}/versions/{version}")
    ModelVersionView getVersion(@PathVariable @Pattern(regexp = ModelRequests.NAME) String name,
                                @PathVariable @Min(1) int version) {
        return queries.query(new FindModelVersion(name, version),
                             ResponseTypes.optionalInstanceOf(ModelVersionView.class))
                      .join()
                      .orElseThrow(() -> new NotFoundException("Model '" + name + "' has no version " + version));
    }
}
