package io.modelledger.monitor.guard.web;

import io.modelledger.contracts.Names;
import io.modelledger.contracts.registry.Subjects;
import io.modelledger.monitor.guard.api.CheckText;
import io.modelledger.monitor.guard.api.FindGuardActivity;
import io.modelledger.monitor.guard.api.FindGuardBlocks;
import io.modelledger.monitor.guard.api.FindGuardPolicy;
import io.modelledger.monitor.guard.api.GuardActivity;
import io.modelledger.monitor.guard.api.GuardBlock;
import io.modelledger.monitor.guard.api.GuardDecision;
import io.modelledger.monitor.guard.api.GuardPolicyView;
import io.modelledger.platform.domain.FieldException;
import io.modelledger.platform.domain.NotFoundException;
import io.modelledger.platform.metadata.KeyBinding;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The runtime guard. Applications call {@code POST /api/guard/check} before each model call (stage {@code input}) and
 * after it ({@code output}), and use the answer: {@code allow}, {@code redact} (send or show {@code text} instead) or
 * {@code block}. What the guard enforces, its recent blocks and its counts are readable per subject and environment.
 */
@RestController
@Validated
@RequestMapping("/api/guard")
class GuardController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Clock clock;

    GuardController(CommandGateway commands, QueryGateway queries, Clock clock) {
        this.commands = commands;
        this.queries = queries;
        this.clock = clock;
    }

    record CheckRequest(@Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String model,
                        @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String prompt,
                        @Min(1) Integer version,
                        @NotBlank @Pattern(regexp = Names.LABEL, message = Names.LABEL_MESSAGE) String environment,
                        @NotNull @Pattern(regexp = "input|output", message = "must be 'input' (before the model call) or 'output' (after it)")
                        String stage,
                        @NotNull @Size(max = CheckText.MAX_TEXT) String text,
                        @Size(max = CheckText.MAX_TEXT) String context) {
    }

    @PostMapping("/check")
    GuardDecision check(@Valid @RequestBody CheckRequest request) {
        if ((request.model() == null) == (request.prompt() == null)) {
            throw new FieldException("model", "name exactly one of 'model' and 'prompt': the subject whose guard policy applies");
        }
        String kind = request.model() != null ? Subjects.MODEL : Subjects.PROMPT;
        String subject = request.model() != null ? request.model() : request.prompt();
        KeyBinding binding = KeyBinding.current().orElse(null);
        if (binding != null && !(Subjects.MODEL.equals(kind) && binding.covers(subject, request.environment()))) {
            throw new FieldException(request.model() != null ? "environment" : "prompt", binding.refusal("check the texts of"));
        }
        return commands.sendAndWait(new CheckText(kind, subject, request.version(), request.environment(), request.stage(), request.text(),
                                                  request.context()));
    }

    @GetMapping("/{kind:models|prompts}/{name}/{environment}")
    GuardPolicyView policy(@PathVariable String kind, @PathVariable @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String name,
                           @PathVariable @Pattern(regexp = Names.LABEL, message = Names.LABEL_MESSAGE) String environment) {
        return queries.query(new FindGuardPolicy(subjectKind(kind), name, environment), ResponseTypes.optionalInstanceOf(GuardPolicyView.class))
                      .join().orElseThrow(() -> new NotFoundException(subjectKind(kind) + " '" + name + "' has no guard policy in '"
                                                                              + environment + "'"));
    }

    @GetMapping("/{kind:models|prompts}/{name}/{environment}/blocks")
    List<GuardBlock> blocks(@PathVariable String kind, @PathVariable @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String name,
                            @PathVariable @Pattern(regexp = Names.LABEL, message = Names.LABEL_MESSAGE) String environment,
                            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        return queries.query(new FindGuardBlocks(subjectKind(kind), name, environment, limit,
                                                 io.modelledger.monitor.ContentAccess.callerMayRead()),
                             ResponseTypes.multipleInstancesOf(GuardBlock.class)).join();
    }

    /** Counts and rates over {@code [from, to)} (default: the last hour), at most a day. */
    @GetMapping("/{kind:models|prompts}/{name}/{environment}/activity")
    GuardActivity activity(@PathVariable String kind, @PathVariable @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String name,
                           @PathVariable @Pattern(regexp = Names.LABEL, message = Names.LABEL_MESSAGE) String environment,
                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
        Instant end = to == null ? clock.instant() : to;
        Instant start = from == null ? end.minus(Duration.ofHours(1)) : from;
        if (!start.isBefore(end) || Duration.between(start, end).compareTo(FindGuardActivity.MAX_RANGE) > 0) {
            throw new FieldException("from", "must be before 'to', at most a day earlier");
        }
        return queries.query(new FindGuardActivity(subjectKind(kind), name, environment, start, end),
                             ResponseTypes.instanceOf(GuardActivity.class)).join();
    }

    private static String subjectKind(String kind) {
        return "models".equals(kind) ? Subjects.MODEL : Subjects.PROMPT;
    }
}
