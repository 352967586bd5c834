package io.modelledger.registry.model.web;

import io.modelledger.platform.domain.NotFoundException;
import io.modelledger.registry.model.command.ModelId;
import io.modelledger.registry.model.command.RegisterModel;
import io.modelledger.registry.model.command.RegisterModelVersion;
import io.modelledger.registry.model.query.ModelQueries;
import io.modelledger.registry.model.query.ModelVersionView;
import io.modelledger.registry.model.query.ModelView;
import io.modelledger.registry.model.query.ModelPage;
import io.modelledger.registry.model.query.ModelVersionPage;
import io.modelledger.registry.model.web.ModelRequests.RegisterModelRequest;
import io.modelledger.registry.model.web.ModelRequests.RegisterModelVersionRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
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
        commands.sendAndWait(new RegisterModel(new ModelId(request.name()), request.description(), tags));
        return ResponseEntity.created(URI.create("/api/registry/models/" + request.name()))
                             .body(new RegisteredModel(request.name(), request.description(), tags));
    }

    @GetMapping
    ModelPage list(@RequestParam(required = false) String after,
                         @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        return queries.query(new ModelQueries.ListModels(after, limit), ResponseTypes.instanceOf(ModelPage.class)).join();
    }

    @GetMapping("/{name}")
    ModelView get(@PathVariable @Pattern(regexp = ModelRequests.NAME) String name) {
        return queries.query(new ModelQueries.FindModel(name), ResponseTypes.optionalInstanceOf(ModelView.class))
                      .join()
                      .orElseThrow(() -> new NotFoundException("No model named '" + name + "'"));
    }

    @PostMapping("/{name}/versions")
    ResponseEntity<RegisteredVersion> registerVersion(@PathVariable @Pattern(regexp = ModelRequests.NAME) String name,
                                                      @Valid @RequestBody RegisterModelVersionRequest request) {
        Map<String, String> tags = request.tags() == null ? Map.of() : request.tags();
        int version = commands.sendAndWait(new RegisterModelVersion(new ModelId(name), request.artifactUri(),
                                                                    request.sha256(), request.framework(), tags));
        return ResponseEntity.created(URI.create("/api/registry/models/" + name + "/versions/" + version))
                             .body(new RegisteredVersion(name, version, request.artifactUri(), request.sha256(),
                                                         request.framework(), tags));
    }

    @GetMapping("/{name}/versions")
    ModelVersionPage listVersions(@PathVariable @Pattern(regexp = ModelRequests.NAME) String name,
                                        @RequestParam(defaultValue = "0") @Min(0) int after,
                                        @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        get(name); // 404 for an unknown model rather than an empty page
        return queries.query(new ModelQueries.ListModelVersions(name, after, limit),
                             ResponseTypes.instanceOf(ModelVersionPage.class)).join();
    }

    @GetMapping("/{name}/versions/{version}")
    ModelVersionView getVersion(@PathVariable @Pattern(regexp = ModelRequests.NAME) String name,
                                @PathVariable @Min(1) int version) {
        return queries.query(new ModelQueries.FindModelVersion(name, version),
                             ResponseTypes.optionalInstanceOf(ModelVersionView.class))
                      .join()
                      .orElseThrow(() -> new NotFoundException("Model '" + name + "' has no version " + version));
    }
}
