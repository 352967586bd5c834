package io.modelledger.registry.model.web;

import io.modelledger.contracts.registry.Subjects;
import io.modelledger.contracts.registry.TrafficSplit;
import io.modelledger.platform.domain.NotFoundException;
import io.modelledger.registry.governance.AliasGovernance;
import io.modelledger.registry.Names;
import io.modelledger.registry.model.command.ModelCommands.ApprovePromotion;
import io.modelledger.registry.model.command.ModelCommands.AssignAlias;
import io.modelledger.registry.model.command.ModelCommands.DefinePromotionPolicy;
import io.modelledger.registry.model.command.ModelCommands.DeployVersion;
import io.modelledger.registry.model.command.ModelCommands.RejectPromotion;
import io.modelledger.registry.model.command.ModelCommands.RequestPromotion;
import io.modelledger.registry.model.command.ModelCommands.RetireDeployment;
import io.modelledger.registry.model.command.ModelCommands.RollBackDeployment;
import io.modelledger.registry.model.command.ModelId;
import io.modelledger.registry.model.query.EvidenceProjection;
import io.modelledger.registry.model.query.ModelQueries;
import io.modelledger.registry.model.query.ModelVersionView;
import io.modelledger.registry.model.query.ModelView;
import io.modelledger.registry.model.query.ModelViews;
import io.modelledger.registry.model.query.ModelViews.AliasHistory;
import io.modelledger.registry.model.query.ModelViews.LineageView;
import io.modelledger.registry.model.query.PromotionProjection;
import io.modelledger.registry.model.query.PromotionProjection.PromotionView;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Aliases, the policies protecting them, promotions that move protected ones, deployments, and lineage.
 * Every rule is decided by the Model aggregate; this class gathers the evidence the policies ask about.
 */
@RestController
@RequestMapping("/api/registry/models/{name}")
class GovernanceController {

    static final String LABEL = Names.LABEL;
    private static final String LABEL_MESSAGE = Names.LABEL_MESSAGE;

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Clock clock = Clock.systemUTC();

    GovernanceController(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    record AliasRequest(@NotNull @Min(1) Integer version) {
    }

    record AliasView(String modelName, String alias, int version) {
    }

    record PolicyRequest(@Size(max = 32) List<@Pattern(regexp = Names.NAME) String> requiredSuites,
                         @NotNull @Min(0) @Max(10) Integer requiredApprovals, Boolean forbidSelfApproval,
                         Boolean blockOnCriticalAlerts, Duration requestTtl) {
    }

    record PromotionRequest(@NotNull @Min(1) Integer version,
                            @NotNull @Pattern(regexp = LABEL, message = LABEL_MESSAGE) String alias) {
    }

    record RejectionRequest(@Size(max = 2000) String reason) {
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
        return queries.query(new ModelQueries.FindModelVersion(name, version),
                             ResponseTypes.optionalInstanceOf(ModelVersionView.class)).join()
                      .orElseThrow(() -> new NotFoundException("Model '" + name + "' has no version " + version));
    }

    @GetMapping("/aliases/{alias}/history")
    AliasHistory aliasHistory(@PathVariable String name, @PathVariable @Pattern(regexp = LABEL) String alias) {
        model(name);
        return queries.query(new ModelQueries.FindAliasHistory(name, alias), ResponseTypes.instanceOf(AliasHistory.class)).join();
    }

    @PutMapping("/policies/{alias}")
    ModelViews.PolicyView definePolicy(@PathVariable String name,
                                       @PathVariable @Pattern(regexp = LABEL, message = LABEL_MESSAGE) String alias,
                                       @Valid @RequestBody PolicyRequest request) {
        List<String> suites = request.requiredSuites() == null ? List.of() : request.requiredSuites().stream().distinct().toList();
        Duration ttl = request.requestTtl() == null ? Duration.ofDays(3) : request.requestTtl();
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("requestTtl must be positive");
        }
        boolean forbidSelf = request.forbidSelfApproval() == null || request.forbidSelfApproval();
        boolean blockOnAlerts = request.blockOnCriticalAlerts() == null || request.blockOnCriticalAlerts();
        int revision = commands.sendAndWait(new DefinePromotionPolicy(new ModelId(name), alias, suites,
                                                                      request.requiredApprovals(), forbidSelf, blockOnAlerts, ttl));
        return new ModelViews.PolicyView(alias, revision, suites, request.requiredApprovals(), forbidSelf, blockOnAlerts,
                                         ttl.toSeconds());
    }

    @PostMapping("/promotions")
    ResponseEntity<AliasGovernance.Outcome> requestPromotion(@PathVariable String name, @Valid @RequestBody PromotionRequest request) {
        String promotionId = UUID.randomUUID().toString();
        AliasGovernance.Outcome outcome = commands.sendAndWait(new RequestPromotion(
                new ModelId(name), promotionId, request.version(), request.alias(),
                evidence(name, request.version()), clock.instant()));
        return ResponseEntity.created(URI.create("/api/registry/models/" + name + "/promotions/" + promotionId)).body(outcome);
    }

    @GetMapping("/promotions/{promotionId}")
    PromotionView promotion(@PathVariable String name, @PathVariable String promotionId) {
        return queries.query(new PromotionProjection.FindPromotion(Subjects.MODEL, name, promotionId),
                             ResponseTypes.optionalInstanceOf(PromotionView.class)).join()
                      .orElseThrow(() -> new NotFoundException("Model '" + name + "' has no promotion " + promotionId));
    }

    @PostMapping("/promotions/{promotionId}/approvals")
    AliasGovernance.Outcome approve(@PathVariable String name, @PathVariable String promotionId) {
        PromotionView promotion = promotion(name, promotionId);
        return commands.sendAndWait(new ApprovePromotion(new ModelId(name), promotionId,
                                                         evidence(name, promotion.version())));
    }

    @PostMapping("/promotions/{promotionId}/rejections")
    ResponseEntity<Void> reject(@PathVariable String name, @PathVariable String promotionId,
                                @Valid @RequestBody(required = false) RejectionRequest request) {
        commands.sendAndWait(new RejectPromotion(new ModelId(name), promotionId, request == null ? null : request.reason()));
        return ResponseEntity.noContent().build();
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
        return queries.query(new ModelQueries.FindLineage(name, version), ResponseTypes.optionalInstanceOf(LineageView.class))
                      .join()
                      .orElseThrow(() -> new NotFoundException("Model '" + name + "' has no version " + version));
    }

    /** The evaluation suites whose latest verdict for this version passed, as the registry knows them. */
    @GetMapping("/versions/{version}/verdicts")
    EvidenceProjection.PassedSuites verdicts(@PathVariable String name, @PathVariable @Min(1) int version) {
        model(name);
        return queries.query(new EvidenceProjection.FindPassedSuites(name, version),
                             ResponseTypes.instanceOf(EvidenceProjection.PassedSuites.class)).join();
    }

    /** The verdicts and alerts policies ask about, as the registry knows them now. */
    private AliasGovernance.Evidence evidence(String name, int version) {
        Set<String> passed = queries.query(new EvidenceProjection.FindPassedSuites(name, version),
                                           ResponseTypes.instanceOf(EvidenceProjection.PassedSuites.class)).join().suites();
        int criticalAlerts = queries.query(new EvidenceProjection.CountOpenCriticalAlerts(name),
                                           ResponseTypes.instanceOf(Integer.class)).join();
        return new AliasGovernance.Evidence(passed, criticalAlerts);
    }

    private ModelView model(String name) {
        return queries.query(new ModelQueries.FindModel(name), ResponseTypes.optionalInstanceOf(ModelView.class)).join()
                      .orElseThrow(() -> new NotFoundException("No model named '" + name + "'"));
    }
}
