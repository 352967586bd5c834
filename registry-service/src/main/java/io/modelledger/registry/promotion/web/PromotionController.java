package io.modelledger.registry.promotion.web;

import io.modelledger.contracts.registry.Subjects;
import io.modelledger.contracts.registry.SuiteRequirement;
import io.modelledger.platform.domain.FieldException;
import io.modelledger.platform.domain.NotFoundException;
import io.modelledger.platform.projection.ProjectionGate;
import io.modelledger.contracts.Names;
import io.modelledger.registry.governance.AliasGovernance;
import io.modelledger.registry.governance.AliasGovernance.PolicyOutcome;
import io.modelledger.registry.governance.AliasGovernance.PolicyTerms;
import io.modelledger.registry.governance.GovernanceSettings;
import io.modelledger.registry.model.api.ApprovePolicyChange;
import io.modelledger.registry.model.api.ApprovePromotion;
import io.modelledger.registry.model.api.DefinePromotionPolicy;
import io.modelledger.registry.model.api.RejectPolicyChange;
import io.modelledger.registry.model.api.RejectPromotion;
import io.modelledger.registry.model.api.RequestPromotion;
import io.modelledger.registry.model.api.ModelId;
import io.modelledger.registry.promotion.api.CountOpenCriticalAlerts;
import io.modelledger.registry.promotion.api.FindPromotion;
import io.modelledger.registry.promotion.api.FindVerdicts;
import io.modelledger.registry.promotion.api.Verdicts;
import io.modelledger.registry.promotion.api.ReadModels;
import io.modelledger.registry.promotion.api.PromotionView;
import io.modelledger.registry.prompt.api.ApprovePromptPolicyChange;
import io.modelledger.registry.prompt.api.ApprovePromptPromotion;
import io.modelledger.registry.prompt.api.DefinePromptPromotionPolicy;
import io.modelledger.registry.prompt.api.RejectPromptPolicyChange;
import io.modelledger.registry.prompt.api.RejectPromptPromotion;
import io.modelledger.registry.prompt.api.RequestPromptPromotion;
import io.modelledger.registry.prompt.api.PromptId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
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
import java.util.HashSet;
import io.modelledger.contracts.registry.CanaryRequirement;
import io.modelledger.registry.promotion.api.CanaryAnalyses;
import io.modelledger.registry.promotion.api.FindCanaryAnalyses;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Promotion policies and promotions of models and prompts, one resource shape for both:
 * {@code /api/registry/{models|prompts}/{name}/policies/{alias}} (with its four-eyes changes) and
 * {@code …/promotions}. Every rule is decided by the subject's aggregate; this class gathers the evidence
 * the policy weighs (every verdict for the version, open critical alerts) and names the command.
 */
@RestController
@Validated
@RequestMapping("/api/registry/{kind:models|prompts}/{name}")
class PromotionController {

    private static final Duration MIN_TTL = Duration.ofMinutes(1);
    private static final Duration MAX_TTL = Duration.ofDays(366);

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final GovernanceSettings settings;
    private final ProjectionGate gate;
    private final Clock clock;
    private static final Duration EVIDENCE_PATIENCE = Duration.ofSeconds(3);

    PromotionController(CommandGateway commands, QueryGateway queries, GovernanceSettings settings, ProjectionGate gate, Clock clock) {
        this.clock = clock;
        this.commands = commands;
        this.queries = queries;
        this.settings = settings;
        this.gate = gate;
    }

    record RequirementRequest(@NotBlank @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String suite,
                              @NotBlank @Pattern(regexp = "^[a-f0-9]{64}$", message = "must be the suite version's SHA-256 (64 lowercase hex)")
                              String suiteSha256,
                              Boolean allowPredictions, Boolean independent,
                              @Min(1) @Max(10_000_000) Integer minCases,
                              @DecimalMin("0.0") @DecimalMax("1.0") Double maxErrorRate) {

        SuiteRequirement toRequirement() {
            return new SuiteRequirement(suite, suiteSha256, Boolean.TRUE.equals(allowPredictions), !Boolean.FALSE.equals(independent),
                                        minCases == null ? SuiteRequirement.DEFAULT_MIN_CASES : minCases,
                                        maxErrorRate == null ? SuiteRequirement.DEFAULT_MAX_ERROR_RATE : maxErrorRate);
        }
    }

    record CanaryRequest(@NotBlank @Pattern(regexp = Names.LABEL, message = Names.LABEL_MESSAGE) String environment,
                         @NotNull @Min(0) @Max(1_000_000_000) Long minRecords) {
    }

    record PolicyRequest(@Size(max = 32) List<@Valid @NotNull RequirementRequest> requirements,
                         List<String> requiredSuites,
                         @NotNull @Min(0) @Max(10) Integer requiredApprovals, Boolean forbidSelfApproval,
                         Boolean blockOnCriticalAlerts, Duration requestTtl, @Valid CanaryRequest canary,
                         @Min(1) @Max(49) Integer maxCanaryPercent) {
    }

    record PolicyView(String subjectKind, String subjectName, String alias, String status, int revision, String changeId,
                      java.time.Instant expiresAt, String detail) {
    }

    record PromotionRequest(@NotNull @Min(1) Integer version,
                            @NotNull @Pattern(regexp = Names.LABEL, message = Names.LABEL_MESSAGE) String alias) {
    }

    record RejectionRequest(@Size(max = 2000) String reason) {
    }

    /**
     * Protects an alias (admins only). The first policy of an alias is in force at once (200); any later
     * one is a change that a second admin must approve (202, with the pending change).
     */
    @PutMapping("/policies/{alias}")
    ResponseEntity<PolicyView> definePolicy(@PathVariable String kind, @PathVariable @Pattern(regexp = Names.NAME) String name,
                                            @PathVariable @Pattern(regexp = Names.LABEL, message = Names.LABEL_MESSAGE) String alias,
                                            @Valid @RequestBody PolicyRequest request) {
        if (request.requiredSuites() != null && !request.requiredSuites().isEmpty()) {
            throw new FieldException("requiredSuites", "suites are required through 'requirements', each pinned by its suiteSha256");
        }
        List<SuiteRequirement> requirements = request.requirements() == null ? List.of()
                : request.requirements().stream().map(RequirementRequest::toRequirement).toList();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < requirements.size(); i++) {
            if (!seen.add(requirements.get(i).suite())) {
                throw new FieldException("requirements[" + i + "].suite", "names suite '" + requirements.get(i).suite() + "' twice");
            }
        }
        Duration ttl = request.requestTtl() == null ? Duration.ofDays(3) : request.requestTtl();
        if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new FieldException("requestTtl", "must be between PT1M and P366D");
        }
        boolean models = isModels(kind);
        boolean canaryGrant = alias.endsWith(AliasGovernance.canaryAlias(""));
        if (request.maxCanaryPercent() != null && !(models && canaryGrant)) {
            throw new FieldException("maxCanaryPercent", "only the policy of a model's canary grant (an alias '<environment>-canary') "
                    + "sets a canary share");
        }
        if (models && canaryGrant && request.maxCanaryPercent() == null) {
            throw new FieldException("maxCanaryPercent", "a canary grant's policy must say the largest share a canary may serve (1-49: "
                    + "the alias holder keeps the larger part)");
        }
        if (request.canary() != null && (!models || canaryGrant)) {
            throw new FieldException("canary", "only a model alias's policy can require a canary analysis (prompts have no deployments, "
                    + "and a canary grant comes before the canary)");
        }
        PolicyTerms terms = new PolicyTerms(requirements, request.requiredApprovals(),
                                            request.forbidSelfApproval() == null || request.forbidSelfApproval(),
                                            // prompts raise no alerts: the alert rule applies to models only
                                            models && (request.blockOnCriticalAlerts() == null || request.blockOnCriticalAlerts()),
                                            ttl,
                                            request.canary() == null ? null
                                                    : new CanaryRequirement(request.canary().environment(), request.canary().minRecords()),
                                            request.maxCanaryPercent());
        String changeId = UUID.randomUUID().toString();
        Object command = models
                ? new DefinePromotionPolicy(new ModelId(name), changeId, alias, terms, clock.instant(), settings.changeTtl())
                : new DefinePromptPromotionPolicy(new PromptId(name), changeId, alias, terms, clock.instant(),
                                                                 settings.changeTtl());
        PolicyOutcome outcome = commands.sendAndWait(command);
        PolicyView view = view(kind, name, alias, outcome);
        if ("pending".equals(outcome.status())) {
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                                 .location(URI.create(base(kind, name) + "/policies/" + alias + "/changes/" + changeId)).body(view);
        }
        return ResponseEntity.ok(view);
    }

    /** A second admin approves a pending policy change: the new revision is in force at once. */
    @PostMapping("/policies/{alias}/changes/{changeId}/approvals")
    PolicyView approvePolicyChange(@PathVariable String kind, @PathVariable @Pattern(regexp = Names.NAME) String name,
                                   @PathVariable @Pattern(regexp = Names.LABEL) String alias,
                                   @PathVariable @Pattern(regexp = UUID_PATTERN) String changeId) {
        Object command = isModels(kind)
                ? new ApprovePolicyChange(new ModelId(name), changeId, clock.instant())
                : new ApprovePromptPolicyChange(new PromptId(name), changeId, clock.instant());
        return view(kind, name, alias, commands.sendAndWait(command));
    }

    @PostMapping("/policies/{alias}/changes/{changeId}/rejections")
    ResponseEntity<Void> rejectPolicyChange(@PathVariable String kind, @PathVariable @Pattern(regexp = Names.NAME) String name,
                                            @PathVariable @Pattern(regexp = Names.LABEL) String alias,
                                            @PathVariable @Pattern(regexp = UUID_PATTERN) String changeId,
                                            @Valid @RequestBody(required = false) RejectionRequest request) {
        String reason = request == null ? null : request.reason();
        commands.sendAndWait(isModels(kind) ? new RejectPolicyChange(new ModelId(name), changeId, reason)
                                            : new RejectPromptPolicyChange(new PromptId(name), changeId, reason));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/promotions")
    ResponseEntity<AliasGovernance.Outcome> requestPromotion(@PathVariable String kind,
                                                             @PathVariable @Pattern(regexp = Names.NAME) String name,
                                                             @Valid @RequestBody PromotionRequest request) {
        String promotionId = UUID.randomUUID().toString();
        AliasGovernance.Evidence evidence = evidence(kind, name, request.version());
        Object command = isModels(kind)
                ? new RequestPromotion(new ModelId(name), promotionId, request.version(), request.alias(), evidence,
                                                     clock.instant())
                : new RequestPromptPromotion(new PromptId(name), promotionId, request.version(), request.alias(),
                                                            evidence, clock.instant());
        AliasGovernance.Outcome outcome = commands.sendAndWait(command);
        return ResponseEntity.created(URI.create(base(kind, name) + "/promotions/" + promotionId)).body(outcome);
    }

    @GetMapping("/promotions/{promotionId}")
    PromotionView promotion(@PathVariable String kind, @PathVariable @Pattern(regexp = Names.NAME) String name,
                            @PathVariable String promotionId) {
        return queries.query(new FindPromotion(subjectKind(kind), name, promotionId),
                             ResponseTypes.optionalInstanceOf(PromotionView.class)).join()
                      .orElseThrow(() -> new NotFoundException(subjectKind(kind) + " '" + name + "' has no promotion " + promotionId));
    }

    @PostMapping("/promotions/{promotionId}/approvals")
    AliasGovernance.Outcome approve(@PathVariable String kind, @PathVariable @Pattern(regexp = Names.NAME) String name,
                                    @PathVariable String promotionId) {
        PromotionView promotion = promotion(kind, name, promotionId);
        AliasGovernance.Evidence evidence = evidence(kind, name, promotion.version());
        Object command = isModels(kind)
                ? new ApprovePromotion(new ModelId(name), promotionId, evidence)
                : new ApprovePromptPromotion(new PromptId(name), promotionId, evidence);
        return commands.sendAndWait(command);
    }

    @PostMapping("/promotions/{promotionId}/rejections")
    ResponseEntity<Void> reject(@PathVariable String kind, @PathVariable @Pattern(regexp = Names.NAME) String name,
                                @PathVariable String promotionId, @Valid @RequestBody(required = false) RejectionRequest request) {
        String reason = request == null ? null : request.reason();
        commands.sendAndWait(isModels(kind) ? new RejectPromotion(new ModelId(name), promotionId, reason)
                                            : new RejectPromptPromotion(new PromptId(name), promotionId, reason));
        return ResponseEntity.noContent().build();
    }

    /** Every verdict the registry holds for this version, newest first, and the suites reported as passed. */
    @GetMapping("/versions/{version}/verdicts")
    Verdicts verdicts(@PathVariable String kind, @PathVariable @Pattern(regexp = Names.NAME) String name,
                                         @PathVariable @Min(1) int version) {
        return queries.query(new FindVerdicts(subjectKind(kind), name, version),
                             ResponseTypes.instanceOf(Verdicts.class)).join();
    }

    private static final String UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

    /**
     * The verdicts and alerts policies ask about, as the registry knows them now. The gate fails closed: no
     * decision while the evidence read model is stopped or behind the event store.
     */
    private AliasGovernance.Evidence evidence(String kind, String name, int version) {
        gate.requireCurrent(ReadModels.EVIDENCE, EVIDENCE_PATIENCE);
        List<io.modelledger.registry.governance.VerdictEvidence> verdicts = verdicts(kind, name, version).items();
        if (!isModels(kind)) {
            return new AliasGovernance.Evidence(verdicts, 0);
        }
        int criticalAlerts = queries.query(new CountOpenCriticalAlerts(name), ResponseTypes.instanceOf(Integer.class)).join();
        CanaryAnalyses canaries = queries.query(new FindCanaryAnalyses(name, version), ResponseTypes.instanceOf(CanaryAnalyses.class)).join();
        return new AliasGovernance.Evidence(verdicts, criticalAlerts, canaries.byEnvironment());
    }

    private static PolicyView view(String kind, String name, String alias, PolicyOutcome outcome) {
        return new PolicyView(subjectKind(kind), name, alias, outcome.status(), outcome.revision(), outcome.changeId(),
                              outcome.expiresAt(), outcome.detail());
    }

    private static boolean isModels(String kind) {
        return "models".equals(kind);
    }

    private static String subjectKind(String kind) {
        return isModels(kind) ? Subjects.MODEL : Subjects.PROMPT;
    }

    private static String base(String kind, String name) {
        return "/api/registry/" + kind + "/" + name;
    }
}
