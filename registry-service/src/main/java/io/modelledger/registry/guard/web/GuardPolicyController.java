package io.modelledger.registry.guard.web;

import io.modelledger.checks.Guard;
import io.modelledger.contracts.Names;
import io.modelledger.contracts.registry.GuardRule;
import io.modelledger.contracts.registry.Subjects;
import io.modelledger.platform.domain.FieldException;
import io.modelledger.registry.governance.AliasGovernance.PolicyOutcome;
import io.modelledger.registry.governance.GovernanceSettings;
import io.modelledger.registry.model.api.ApproveGuardPolicyChange;
import io.modelledger.registry.model.api.DefineGuardPolicy;
import io.modelledger.registry.model.api.ModelId;
import io.modelledger.registry.model.api.RejectGuardPolicyChange;
import io.modelledger.registry.prompt.api.ApprovePromptGuardPolicyChange;
import io.modelledger.registry.prompt.api.DefinePromptGuardPolicy;
import io.modelledger.registry.prompt.api.PromptId;
import io.modelledger.registry.prompt.api.RejectPromptGuardPolicyChange;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The runtime guard's policies of models and prompts, per environment (admins only):
 * {@code PUT /api/registry/{models|prompts}/{name}/guard-policies/{environment}}. In a protected environment every
 * revision after the first is a change a second admin approves ({@code …/changes/{changeId}/approvals}), as for promotion
 * policies. The guard (monitor-service) learns each revision from its {@code GuardPolicyDefined} event.
 */
@RestController
@Validated
@RequestMapping("/api/registry/{kind:models|prompts}/{name}/guard-policies/{environment}")
class GuardPolicyController {

    static final int MAX_RULES = 20;
    private static final String UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

    private final CommandGateway commands;
    private final GovernanceSettings settings;
    private final Clock clock;

    GuardPolicyController(CommandGateway commands, GovernanceSettings settings, Clock clock) {
        this.commands = commands;
        this.settings = settings;
        this.clock = clock;
    }

    record RuleRequest(@NotBlank @Schema(allowableValues = {"pii", "secrets", "injection", "toxicity", "json_schema", "deny_list"}) String check,
                       @NotBlank @Schema(allowableValues = {"block", "redact", "log"}) String action,
                       @Schema(description = "injection and toxicity: the margin a chunk's nearest examples must show; deny_list topics: the "
                               + "similarity; ignored by the pattern checks") Double threshold,
                       Map<String, Object> params) {
    }

    record GuardPolicyRequest(@Size(max = MAX_RULES) List<@Valid RuleRequest> input, @Size(max = MAX_RULES) List<@Valid RuleRequest> output) {
    }

    record GuardPolicyView(String subjectKind, String subjectName, String environment, String status, int revision, String changeId,
                           Instant expiresAt, String detail) {
    }

    record RejectionRequest(@Size(max = 2000) String reason) {
    }

    @PutMapping
    ResponseEntity<GuardPolicyView> define(@PathVariable String kind, @PathVariable @Pattern(regexp = Names.NAME) String name,
                                           @PathVariable @Pattern(regexp = Names.LABEL, message = Names.LABEL_MESSAGE) String environment,
                                           @Valid @RequestBody GuardPolicyRequest request) {
        List<GuardRule> input = rules("input", request.input());
        List<GuardRule> output = rules("output", request.output());
        if (input.isEmpty() && output.isEmpty()) {
            throw new FieldException("input", "a guard policy needs at least one rule, at the input or the output stage");
        }
        String changeId = UUID.randomUUID().toString();
        Object command = models(kind)
                ? new DefineGuardPolicy(new ModelId(name), changeId, environment, input, output, clock.instant(), settings.changeTtl())
                : new DefinePromptGuardPolicy(new PromptId(name), changeId, environment, input, output, clock.instant(), settings.changeTtl());
        PolicyOutcome outcome = commands.sendAndWait(command);
        GuardPolicyView view = view(kind, name, environment, outcome);
        if ("pending".equals(outcome.status())) {
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                                 .location(URI.create("/api/registry/" + kind + "/" + name + "/guard-policies/" + environment + "/changes/"
                                                      + changeId)).body(view);
        }
        return ResponseEntity.ok(view);
    }

    @PostMapping("/changes/{changeId}/approvals")
    GuardPolicyView approve(@PathVariable String kind, @PathVariable @Pattern(regexp = Names.NAME) String name,
                            @PathVariable @Pattern(regexp = Names.LABEL) String environment,
                            @PathVariable @Pattern(regexp = UUID_PATTERN) String changeId) {
        Object command = models(kind) ? new ApproveGuardPolicyChange(new ModelId(name), environment, changeId, clock.instant())
                : new ApprovePromptGuardPolicyChange(new PromptId(name), environment, changeId, clock.instant());
        return view(kind, name, environment, commands.sendAndWait(command));
    }

    @PostMapping("/changes/{changeId}/rejections")
    ResponseEntity<Void> reject(@PathVariable String kind, @PathVariable @Pattern(regexp = Names.NAME) String name,
                                @PathVariable @Pattern(regexp = Names.LABEL) String environment,
                                @PathVariable @Pattern(regexp = UUID_PATTERN) String changeId,
                                @Valid @RequestBody(required = false) RejectionRequest request) {
        String reason = request == null ? null : request.reason();
        commands.sendAndWait(models(kind) ? new RejectGuardPolicyChange(new ModelId(name), environment, changeId, reason)
                                          : new RejectPromptGuardPolicyChange(new PromptId(name), environment, changeId, reason));
        return ResponseEntity.noContent().build();
    }

    /** The stage's rules, each checked as the guard will run it; the first problem names its field ({@code output[1].action}). */
    private static List<GuardRule> rules(String stage, List<RuleRequest> requests) {
        if (requests == null) {
            return List.of();
        }
        List<Guard.Rule> rules = requests.stream().map(r -> new Guard.Rule(r.check(), r.action(), r.threshold(), present(r.params()))).toList();
        Guard.problems(rules, stage).entrySet().stream().findFirst().ifPresent(problem -> {
            throw new FieldException(stage + problem.getKey(), problem.getValue());
        });
        return rules.stream().map(r -> new GuardRule(r.check(), r.action(), r.threshold(), r.params())).toList();
    }

    /** A parameter sent as null is a parameter not sent. */
    private static Map<String, Object> present(Map<String, Object> params) {
        Map<String, Object> present = new java.util.LinkedHashMap<>();
        if (params != null) {
            params.forEach((key, value) -> {
                if (value != null) {
                    present.put(key, value);
                }
            });
        }
        return present;
    }

    private static boolean models(String kind) {
        return "models".equals(kind);
    }

    private static GuardPolicyView view(String kind, String name, String environment, PolicyOutcome outcome) {
        return new GuardPolicyView(models(kind) ? Subjects.MODEL : Subjects.PROMPT, name, environment, outcome.status(), outcome.revision(),
                                   outcome.changeId(), outcome.expiresAt(), outcome.detail());
    }
}
