package io.modelledger.monitor.guard.command;

import io.modelledger.checks.Guard;
import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.contracts.monitor.MonitoringPolicyDefined;
import io.modelledger.contracts.registry.GuardRule;
import io.modelledger.contracts.registry.Subjects;
import io.modelledger.monitor.guard.api.CheckText;
import io.modelledger.monitor.guard.api.GuardBlock;
import io.modelledger.monitor.guard.api.GuardDecision;
import io.modelledger.monitor.guard.api.GuardPolicyView;
import io.modelledger.monitor.guard.query.GuardActivityStore;
import io.modelledger.monitor.guard.query.GuardPolicyProjection;
import io.modelledger.monitor.policy.query.PolicyStore;
import io.modelledger.platform.domain.NotFoundException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Runs a text through its guard policy ({@link Guard}, from the shared checks module), counts the decision and, when it
 * blocked, keeps a record of it. The policy comes from the guard's own projection (cached): no request waits on another
 * service. Nothing here is an event: a decision is too frequent for the governance log, and only the policy that made it
 * is one.
 */
@Component
class GuardChecker {

    /** How long a block record is kept without content (with content: the monitoring policy's retention, if shorter). */
    static final Duration BLOCK_RETENTION = Duration.ofDays(30);
    /** The most of a blocked text a block record keeps, where content is captured (as online scoring keeps a row's text). */
    static final int MAX_KEPT_TEXT = 16_000;

    private final Guard guard;
    private final GuardPolicyProjection policies;
    private final GuardActivityStore activity;
    private final PolicyStore monitoring;
    private final Clock clock;

    GuardChecker(Guard guard, GuardPolicyProjection policies, GuardActivityStore activity, PolicyStore monitoring, Clock clock) {
        this.guard = guard;
        this.policies = policies;
        this.activity = activity;
        this.monitoring = monitoring;
        this.clock = clock;
        policies.onDefined(this::warmUpFor);
    }

    @CommandHandler
    GuardDecision handle(CheckText command, @MetaDataValue(MetadataKeys.REQUEST_ID) String requestId) {
        GuardPolicyView policy = policies.find(command.subjectKind(), command.subject(), command.environment())
                .orElseThrow(() -> new NotFoundException(command.subjectKind() + " '" + command.subject() + "' has no guard policy in '"
                        + command.environment() + "' (an admin defines one with PUT /api/registry/" + command.subjectKind() + "s/"
                        + command.subject() + "/guard-policies/" + command.environment() + ")"));
        List<GuardRule> rules = CheckText.INPUT.equals(command.stage()) ? policy.input() : policy.output();
        Guard.Result result = guard.check(rules.stream().map(r -> new Guard.Rule(r.check(), r.action(), r.threshold(), r.params())).toList(),
                                          command.text(), CheckText.INPUT.equals(command.stage()) ? command.context() : null);
        Instant now = clock.instant();
        Map<String, Set<String>> actions = new LinkedHashMap<>();
        result.findings().forEach(f -> actions.computeIfAbsent(f.check(), k -> new TreeSet<>()).add(f.action()));
        activity.count(command.subjectKind(), command.subject(), command.environment(), now, result.decision(), actions);
        if (Guard.BLOCK.equals(result.decision())) {
            // a model's monitoring policy may capture content; a prompt's blocks never keep their text
            MonitoringPolicyDefined capture = Subjects.MODEL.equals(command.subjectKind())
                    ? monitoring.policy(command.subject()).filter(MonitoringPolicyDefined::captureContent).orElse(null) : null;
            Duration retention = capture == null || capture.contentRetentionSeconds() == null ? BLOCK_RETENTION
                    : Duration.ofSeconds(Math.min(capture.contentRetentionSeconds(), BLOCK_RETENTION.toSeconds()));
            String text = capture == null ? null : command.text().substring(0, Math.min(command.text().length(), MAX_KEPT_TEXT));
            activity.block(new GuardBlock(UUID.randomUUID().toString(), now, command.subjectKind(), command.subject(), command.version(),
                                          command.environment(), command.stage(),
                                          result.findings().stream().filter(f -> Guard.BLOCK.equals(f.action()))
                                                .map(f -> new GuardBlock.Check(f.check(), f.type(), f.score())).toList(),
                                          requestId, text),
                           now.plus(retention));
        }
        return new GuardDecision(result.decision(), result.text(), result.findings().stream().map(f -> new GuardDecision.Finding(
                f.check(), f.type(), f.field(), new GuardDecision.Span(f.start(), f.end()), f.score(), f.action())).toList(),
                                 policy.revision());
    }

    /** Loads the embedding model and the guard's example sets in the background once a policy needs them, not on a request. */
    private void warmUpFor(GuardPolicyView policy) {
        boolean needs = java.util.stream.Stream.concat(policy.input().stream(), policy.output().stream())
                .anyMatch(r -> Set.of("injection", "toxicity").contains(r.check()) && !Boolean.FALSE.equals(r.params().get("similarity"))
                        || r.params().get("topics") != null);
        if (needs) {
            Thread.ofVirtual().name("guard-warm-up").start(guard::warmUp);
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void warmUpForStoredPolicies() {
        Thread.ofVirtual().name("guard-warm-up-stored").start(() -> policies.all().forEach(this::warmUpFor));
    }
}
