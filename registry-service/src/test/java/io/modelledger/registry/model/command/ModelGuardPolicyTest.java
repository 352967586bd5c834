package io.modelledger.registry.model.command;

import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.contracts.registry.GuardPolicyChangeDecided;
import io.modelledger.contracts.registry.GuardPolicyChangeRequested;
import io.modelledger.contracts.registry.GuardPolicyDefined;
import io.modelledger.contracts.registry.GuardRule;
import io.modelledger.contracts.registry.ModelRegistered;
import io.modelledger.platform.domain.ConflictException;
import io.modelledger.platform.domain.ForbiddenException;
import io.modelledger.registry.governance.GovernanceSettings;
import io.modelledger.registry.model.api.ApproveGuardPolicyChange;
import io.modelledger.registry.model.api.DefineGuardPolicy;
import io.modelledger.registry.model.api.ModelId;
import io.modelledger.registry.model.api.RejectGuardPolicyChange;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Guard policies per environment: at once where nothing is protected, four-eyes for a protected environment's later revisions. */
class ModelGuardPolicyTest {

    private static final ModelId MODEL = new ModelId("support-bot");
    private static final List<GuardRule> INPUT = List.of(new GuardRule("injection", "block", null, null));
    private static final List<GuardRule> OUTPUT = List.of(new GuardRule("pii", "redact", null, Map.of("types", List.of("payment_card"))));
    private static final GuardPolicyDefined FIRST = new GuardPolicyDefined("model", "support-bot", "production", 1, INPUT, OUTPUT);

    private AggregateTestFixture<Model> fixture;
    private Instant now;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Model.class);
        fixture.registerInjectableResource(GovernanceSettings.defaults()); // production is protected
        now = fixture.currentTime();
    }

    private static GenericCommandMessage<?> admin(String actor, Object command) {
        return (GenericCommandMessage<?>) GenericCommandMessage.asCommandMessage(command).andMetaData(
                MetaData.with(MetadataKeys.ACTOR, actor).and(MetadataKeys.ACTOR_ROLES, "admin"));
    }

    private DefineGuardPolicy define(String changeId, String environment, List<GuardRule> input) {
        return new DefineGuardPolicy(MODEL, changeId, environment, input, OUTPUT, now, Duration.ofDays(1));
    }

    @Test
    void theFirstPolicyOfAnEnvironmentIsInForceAtOnce() {
        fixture.given(new ModelRegistered("support-bot", null, Map.of()))
               .when(admin("user:alice", define("g-1", "production", INPUT)))
               .expectEvents(FIRST);
    }

    @Test
    void anUnprotectedEnvironmentChangesAtOnceAndAnUnchangedPolicyIsNoRevision() {
        GuardPolicyDefined staging = new GuardPolicyDefined("model", "support-bot", "staging", 1, INPUT, OUTPUT);
        fixture.given(new ModelRegistered("support-bot", null, Map.of()), staging)
               .when(admin("user:alice", define("g-2", "staging", List.of())))
               .expectEvents(new GuardPolicyDefined("model", "support-bot", "staging", 2, List.of(), OUTPUT));
        fixture.given(new ModelRegistered("support-bot", null, Map.of()), staging)
               .when(admin("user:alice", define("g-2", "staging", INPUT)))
               .expectNoEvents();
    }

    @Test
    void looseningAProtectedEnvironmentsGuardNeedsASecondAdmin() {
        GuardPolicyChangeRequested requested = new GuardPolicyChangeRequested("g-2", "model", "support-bot", "production", 1, List.of(),
                                                                              OUTPUT, "user:alice", now.plus(Duration.ofDays(1)));
        fixture.given(new ModelRegistered("support-bot", null, Map.of()), FIRST)
               .when(admin("user:alice", define("g-2", "production", List.of())))
               .expectEvents(requested)
               .expectScheduledDeadlineWithName(Duration.ofDays(1), Model.EXPIRY);
        fixture.given(new ModelRegistered("support-bot", null, Map.of()), FIRST, requested)
               .when(admin("user:alice", new ApproveGuardPolicyChange(MODEL, "production", "g-2", now)))
               .expectException(ForbiddenException.class)
               .expectNoEvents();
        fixture.given(new ModelRegistered("support-bot", null, Map.of()), FIRST, requested)
               .when(admin("user:alice", define("g-3", "production", INPUT.subList(0, 0))))
               .expectException(ConflictException.class);
        fixture.given(new ModelRegistered("support-bot", null, Map.of()), FIRST, requested)
               .when(admin("user:bob", new ApproveGuardPolicyChange(MODEL, "staging", "g-2", now)))
               .expectException(ConflictException.class) // decided only where it was asked
               .expectNoEvents();
        fixture.given(new ModelRegistered("support-bot", null, Map.of()), FIRST, requested)
               .when(admin("user:bob", new ApproveGuardPolicyChange(MODEL, "production", "g-2", now)))
               .expectEvents(new GuardPolicyChangeDecided("g-2", "model", "support-bot", "production", "approved", "user:bob", null),
                             new GuardPolicyDefined("model", "support-bot", "production", 2, List.of(), OUTPUT));
    }

    @Test
    void aPendingChangeCanBeRejectedOrExpire() {
        GuardPolicyChangeRequested requested = new GuardPolicyChangeRequested("g-2", "model", "support-bot", "production", 1, List.of(),
                                                                              OUTPUT, "user:alice", now.plus(Duration.ofDays(1)));
        fixture.given(new ModelRegistered("support-bot", null, Map.of()), FIRST, requested)
               .when(admin("user:bob", new RejectGuardPolicyChange(MODEL, "production", "g-2", "keep the injection check")))
               .expectEvents(new GuardPolicyChangeDecided("g-2", "model", "support-bot", "production", "rejected", "user:bob",
                                                          "keep the injection check"));
        fixture.given(new ModelRegistered("support-bot", null, Map.of()), FIRST, requested)
               .when(admin("user:bob", new ApproveGuardPolicyChange(MODEL, "production", "g-2", now.plus(Duration.ofDays(2)))))
               .expectEvents(new GuardPolicyChangeDecided("g-2", "model", "support-bot", "production", "expired", null, null));
        fixture.given(new ModelRegistered("support-bot", null, Map.of()), FIRST)
               .andGivenCommands(admin("user:alice", define("g-2", "production", List.of())))
               .whenTimeElapses(Duration.ofDays(2))
               .expectEvents(new GuardPolicyChangeDecided("g-2", "model", "support-bot", "production", "expired", null, null));
    }
}
