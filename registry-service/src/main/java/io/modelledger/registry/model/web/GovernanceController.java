package io.modelledger.registry.model.web;

import io.modelledger.contracts.registry.TrafficSplit;
import io.modelledger.platform.domain.NotFoundException;
import io.modelledger.contracts.Names;
import io.modelledger.registry.model.api.AssignAlias;
import io.modelledger.registry.model.api.DeployVersion;
import io.modelledger.registry.model.api.FindAliasHistory;
import io.modelledger.registry.model.api.FindLineage;
import io.modelledger.registry.model.api.FindModel;
import io.modelledger.registry.model.api.FindModelVersion;
import io.modelledger.registry.model.api.RetireDeployment;
import io.modelledger.registry.model.api.RollBackDeployment;
import io.modelledger.registry.model.api.ModelId;
import io.modelledger.registry.model.api.ModelVersionView;
import io.modelledger.registry.model.api.ModelView;
import io.modelledger.registry.model.api.AliasHistory;
import io.modelledger.registry.model.api.LineageView;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Aliases, deployments and lineage of a model. Every rule is decided by the Model aggregate. Policies and
 * promotions of models and prompts alike are the promotion feature's ({@code registry/promotion/web}).
 */
@RestController
@RequestMapping("/api/registry/models/{name}")
class GovernanceController {

    static final String LABEL = Names.LABEL;
    private static final String LABEL_MESSAGE = Names.LABEL_MESSAGE;

    private final CommandGateway commands;
    private final QueryGateway queries;

    GovernanceController(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    record AliasRequest(@NotNull @Min(1) Integer version) {
    }

    record AliasView(String modelName, String alias, int version) {
    }

    record DeploymentRequest(@NotNull @Min(1) Integer version, @Min(1) @Max(100) Integer percent) {
    }

    record Deployment(String modelName, String environment, List<TrafficSplit> traffic) {
    }

    @PutMapping("/aliases/{alias}")
    AliasView assignAlias(@PathVariable String name, @PathVariable @Pattern(regexp = LABEL, message = LABEL_MESSAGE) String alias,
                          @Valid @RequestBody AliasRequest request) {
        commands.sendAndWait(new AssignAlias(new ModelId(name), alias, request.version()));
        return new AliasView(name, alias, request.version());
    }

    /** The version an alias points at. */
    @GetMapping("/aliases/{alias}")
    ModelVersionView resolveAlias(@PathVariable String name, @PathVariable @Pattern(regexp = LABEL) String alias) {
        Integer version = model(name).aliases().get(alias);
        if (version == null) {
            throw new NotFoundException("Model '" + name + "' has no alias '" + alias + "'");
        }
        return queries.query(new FindModelVersion(name, version),
                             ResponseTypes.optionalInstanceOf(ModelVersionView.class)).join()
                      .orElseThrow(() -> new NotFoundException("Model '" + name + "' has no version " + version));
    }

    @GetMapping("/aliases/{alias}/history")
    AliasHistory aliasHistory(@PathVariable String name, @PathVariable @Pattern(regexp = LABEL) String alias) {
        model(name);
        return queries.query(new FindAliasHistory(name, alias), ResponseTypes.instanceOf(AliasHistory.class)).join();
    }

    @PutMapping("/deployments/{environment}")
    Deployment deploy(@PathVariable String name,
                      @PathVariable @Pattern(regexp = LABEL, message = LABEL_MESSAGE) String environment,
                      @Valid @RequestBody DeploymentRequest request) {
        List<TrafficSplit> traffic = commands.sendAndWait(new DeployVersion(new ModelId(name), environment, request.version(),
                                                                            request.percent() == null ? 100 : request.percent()));
        return new Deployment(name, environment, traffic);
    }

    @PostMapping("/deployments/{environment}/rollbacks")
    Deployment rollBack(@PathVariable String name, @PathVariable @Pattern(regexp = LABEL) String environment) {
        List<TrafficSplit> traffic = commands.sendAndWait(new RollBackDeployment(new ModelId(name), environment));
        return new Deployment(name, environment, traffic);
    }

    @DeleteMapping("/deployments/{environment}")
    ResponseEntity<Void> retire(@PathVariable String name, @PathVariable @Pattern(regexp = LABEL) String environment) {
        commands.sendAndWait(new RetireDeployment(new ModelId(name), environment));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/versions/{version}/lineage")
    LineageView lineage(@PathVariable String name, @PathVariable @Min(1) int version) {
        return queries.query(new FindLineage(name, version), ResponseTypes.optionalInstanceOf(LineageView.class))
                      .join()
                      .orElseThrow(() -> new NotFoundException("Model '" + name + "' has no version " + version));
    }

    private ModelView model(String name) {
        return queries.query(new FindModel(name), ResponseTypes.optionalInstanceOf(ModelView.class)).join()
                      .orElseThrow(() -> new NotFoundException("No model named '" + name + "'"));
    }
}
