package io.modelledger.registry.dataset.web;

import io.modelledger.platform.domain.NotFoundException;
import io.modelledger.contracts.Names;
import io.modelledger.registry.dataset.api.DatasetPage;
import io.modelledger.registry.dataset.api.FindDataset;
import io.modelledger.registry.dataset.api.FindDatasetConsumers;
import io.modelledger.registry.dataset.api.FindDatasetVersion;
import io.modelledger.registry.dataset.api.ListDatasets;
import io.modelledger.registry.dataset.api.RegisterDataset;
import io.modelledger.registry.dataset.api.RegisterDatasetVersion;
import io.modelledger.registry.dataset.api.DatasetId;
import io.modelledger.registry.dataset.api.DatasetConsumers;
import io.modelledger.registry.dataset.api.DatasetVersionView;
import io.modelledger.registry.dataset.api.DatasetView;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
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

/** Datasets and their immutable versions, and which model versions were built on them. */
@RestController
@RequestMapping("/api/registry/datasets")
class DatasetController {

    static final String NAME = Names.NAME;

    private final CommandGateway commands;
    private final QueryGateway queries;

    DatasetController(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    record RegisterDatasetRequest(@NotBlank @Pattern(regexp = NAME, message = Names.NAME_MESSAGE) String name,
                                  @Size(max = 4000) String description, @Size(max = 256) String owner,
                                  @Size(max = 64) Map<@NotBlank @jakarta.validation.constraints.Pattern(regexp = io.modelledger.contracts.Names.TAG_KEY, message = io.modelledger.contracts.Names.TAG_KEY_MESSAGE) String, @Size(max = 1024) String> tags) {
    }

    record RegisterDatasetVersionRequest(
            @NotBlank @Size(max = 2048) @Pattern(regexp = "^[A-Za-z][A-Za-z0-9+.-]*://\\S+$", message = "must be an absolute URI") String uri,
            @NotBlank @Pattern(regexp = "^[a-f0-9]{64}$", message = "must be 64 lowercase hex characters") String sha256,
            @PositiveOrZero Long rowCount, Map<String, Object> schema, Boolean containsPersonalData) {
    }

    record RegisteredDatasetVersion(String datasetName, int version) {
    }

    @PostMapping
    ResponseEntity<DatasetView> register(@Valid @RequestBody RegisterDatasetRequest request) {
        Map<String, String> tags = request.tags() == null ? Map.of() : request.tags();
        commands.sendAndWait(new RegisterDataset(new DatasetId(request.name()), request.description(), request.owner(), tags));
        return ResponseEntity.created(URI.create("/api/registry/datasets/" + request.name()))
                             .body(new DatasetView(request.name(), request.description(), request.owner(), tags, 0, null, null));
    }

    /** Datasets by name, filtered; {@code next} is the cursor ({@code after}) of the following page. */
    @GetMapping
    DatasetPage list(@RequestParam(required = false) String after,
                                  @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
                                  @RequestParam(required = false) @Size(max = 256) String owner,
                                  @RequestParam(required = false) @Pattern(regexp = "^[^:]{1,128}:.{0,1024}$", message = "must be key:value") String tag,
                                  @RequestParam(required = false) @Size(max = 200) String q) {
        return queries.query(new ListDatasets(after, limit, owner, tag, q),
                             ResponseTypes.instanceOf(DatasetPage.class)).join();
    }

    @GetMapping("/{name}")
    DatasetView get(@PathVariable @Pattern(regexp = NAME) String name) {
        return queries.query(new FindDataset(name), ResponseTypes.optionalInstanceOf(DatasetView.class)).join()
                      .orElseThrow(() -> new NotFoundException("No dataset named '" + name + "'"));
    }

    @PostMapping("/{name}/versions")
    ResponseEntity<RegisteredDatasetVersion> registerVersion(@PathVariable @Pattern(regexp = NAME) String name,
                                                             @Valid @RequestBody RegisterDatasetVersionRequest request) {
        int version = commands.sendAndWait(new RegisterDatasetVersion(new DatasetId(name), request.uri(), request.sha256(),
                                                                      request.rowCount(), request.schema(),
                                                                      Boolean.TRUE.equals(request.containsPersonalData())));
        return ResponseEntity.created(URI.create("/api/registry/datasets/" + name + "/versions/" + version))
                             .body(new RegisteredDatasetVersion(name, version));
    }

    @GetMapping("/{name}/versions/{version}")
    DatasetVersionView getVersion(@PathVariable @Pattern(regexp = NAME) String name, @PathVariable @Min(1) int version) {
        return queries.query(new FindDatasetVersion(name, version),
                             ResponseTypes.optionalInstanceOf(DatasetVersionView.class)).join()
                      .orElseThrow(() -> new NotFoundException("Dataset '" + name + "' has no version " + version));
    }

    /** Lineage, the other way: every model version built on this dataset version. */
    @GetMapping("/{name}/versions/{version}/consumers")
    DatasetConsumers consumers(@PathVariable @Pattern(regexp = NAME) String name, @PathVariable @Min(1) int version) {
        getVersion(name, version);
        return queries.query(new FindDatasetConsumers(name, version),
                             ResponseTypes.instanceOf(DatasetConsumers.class)).join();
    }
}
