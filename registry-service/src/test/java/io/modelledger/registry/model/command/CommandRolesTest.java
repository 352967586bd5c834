package io.modelledger.registry.model.command;

import io.modelledger.contracts.access.ApiKeyIssuanceRequested;
import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.contracts.registry.ModelRegistered;
import io.modelledger.contracts.registry.ModelVersionRegistered;
import io.modelledger.contracts.registry.PolicyChangeRequested;
import io.modelledger.contracts.registry.PromotionPolicyDefined;
import io.modelledger.contracts.registry.PromotionRequested;
import io.modelledger.contracts.registry.SuiteRequirement;
import io.modelledger.platform.axon.RoleCheckInterceptor;
import io.modelledger.platform.domain.ForbiddenException;
import io.modelledger.registry.access.command.ApiKey;
import io.modelledger.registry.access.api.ApiKeyId;
import io.modelledger.registry.access.api.ApproveApiKeyIssuance;
import io.modelledger.registry.access.api.IssueApiKey;
import io.modelledger.registry.access.api.RevokeApiKey;
import io.modelledger.registry.governance.AliasGovernance;
import io.modelledger.registry.governance.GovernanceSettings;
import io.modelledger.registry.model.api.ApprovePolicyChange;
import io.modelledger.registry.model.api.ApprovePromotion;
import io.modelledger.registry.model.api.DefinePromotionPolicy;
import io.modelledger.registry.model.api.ModelId;
import io.modelledger.registry.model.api.RejectPromotion;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Roles are checked on the command bus, where the decision is made: a policy definition or change, an
 * approval, a rejection, a key issuance or revocation sent with a lower role is refused before any handler
 * runs, whatever route sent it.
 */
class CommandRolesTest {

    private static final ModelId MODEL = new ModelId("churn");
    private static final SuiteRequirement ACCURACY = new SuiteRequirement("accuracy", "b".repeat(64), false, true, 1, 0);
    private static final PromotionPolicyDefined POLICY = new PromotionPolicyDefined(
            "model", "churn", "production", 1, List.of("accuracy"), 1, true, true, 3600, List.of(ACCURACY));

    private AggregateTestFixture<Model> models;
    private AggregateTestFixture<ApiKey> keys;
    private Instant now;

    @BeforeEach
    void setUp() {
        models = new AggregateTestFixture<>(Model.class);
        models.registerInjectableResource(GovernanceSettings.defaults());
        models.registerCommandHandlerInterceptor(new RoleCheckInterceptor());
        keys = new AggregateTestFixture<>(ApiKey.class);
        keys.registerCommandHandlerInterceptor(new RoleCheckInterceptor());
        now = models.currentTime();
    }

    private Object[] model() {
        return new Object[]{new ModelRegistered("churn", null, Map.of()),
                new ModelVersionRegistered("churn", 1, "s3://m/1", "a".repeat(64), "onnx", Map.of())};
    }

    private static GenericCommandMessage<?> as(String actor, String roles, Object command) {
        return (GenericCommandMessage<?>) GenericCommandMessage.asCommandMessage(command).andMetaData(
                MetaData.with(MetadataKeys.ACTOR, actor).and(MetadataKeys.ACTOR_ROLES, roles).and(MetadataKeys.AUTH_METHOD, "api-key"));
    }

    @Test
    void aContributorCannotDefineAPolicy() {
        AliasGovernance.PolicyTerms terms = new AliasGovernance.PolicyTerms(List.of(), 0, true, true, Duration.ofHours(1));
        models.given(model())
              .when(as("user:carol", "contributor", new DefinePromotionPolicy(MODEL, "c-1", "production", terms, now,
                                                                                             Duration.ofDays(1))))
              .expectException(ForbiddenException.class)
              .expectExceptionMessage(org.hamcrest.Matchers.containsString("needs the role admin"))
              .expectNoEvents();
    }

    @Test
    void aContributorCannotDefineAGuardPolicy() {
        models.given(model())
              .when(as("user:carol", "contributor", new io.modelledger.registry.model.api.DefineGuardPolicy(MODEL, "g-1", "production",
                      List.of(new io.modelledger.contracts.registry.GuardRule("pii", "log", null, null)), List.of(), now, Duration.ofDays(1))))
              .expectException(ForbiddenException.class)
              .expectExceptionMessage(org.hamcrest.Matchers.containsString("needs the role admin"))
              .expectNoEvents();
    }

    @Test
    void aContributorCannotApproveOrRejectAPromotionOrAPolicyChange() {
        PromotionRequested requested = new PromotionRequested("p-1", "model", "churn", 1, "production", "user:dave", 1, 1,
                                                              now.plusSeconds(3600), Map.of());
        models.given(model()).andGiven(POLICY, requested)
              .when(as("user:carol", "contributor", new ApprovePromotion(MODEL, "p-1", AliasGovernance.Evidence.none())))
              .expectException(ForbiddenException.class).expectNoEvents();
        models.given(model()).andGiven(POLICY, requested)
              .when(as("user:carol", "contributor viewer", new RejectPromotion(MODEL, "p-1", "no")))
              .expectException(ForbiddenException.class).expectNoEvents();
        PolicyChangeRequested change = new PolicyChangeRequested("c-2", "model", "churn", "production", 1, List.of(), 0, true,
                                                                 true, 3600, "user:alice", now.plusSeconds(3600));
        models.given(model()).andGiven(POLICY, change)
              .when(as("user:carol", "contributor,approver", new ApprovePolicyChange(MODEL, "c-2", now)))
              .expectException(ForbiddenException.class).expectNoEvents();
    }

    @Test
    void anApproverMayApproveAndNoRolesMeansNothing() {
        PromotionRequested requested = new PromotionRequested("p-1", "model", "churn", 1, "production", "user:dave", 1, 1,
                                                              now.plusSeconds(3600), Map.of());
        models.given(model()).andGiven(POLICY, requested)
              .when(GenericCommandMessage.asCommandMessage(new RejectPromotion(MODEL, "p-1", "no"))
                                         .andMetaData(MetaData.with(MetadataKeys.ACTOR, "user:nobody")))
              .expectException(ForbiddenException.class).expectNoEvents();
        models.given(model()).andGiven(POLICY, requested)
              .when(as("user:erin", "approver", new RejectPromotion(MODEL, "p-1", "no")))
              .expectSuccessfulHandlerExecution();
    }

    @Test
    void onlyAdminsIssueRevokeOrApproveKeys() {
        keys.givenNoPriorActivity()
            .when(as("user:carol", "contributor approver", new IssueApiKey(new ApiKeyId("0123456789abcdef"), "k", "user:x",
                                                                            List.of("admin"), null, "f".repeat(64))))
            .expectException(ForbiddenException.class).expectNoEvents();
        keys.given(new io.modelledger.contracts.access.ApiKeyIssued("0123456789abcdef", "k", "user:x", List.of("viewer"), null,
                                                                   "f".repeat(64)))
            .when(as("user:carol", "approver", new RevokeApiKey(new ApiKeyId("0123456789abcdef"))))
            .expectException(ForbiddenException.class).expectNoEvents();
        keys.given(new ApiKeyIssuanceRequested("0123456789abcdef", "k", "user:x", List.of("approver"), null, "user:alice",
                                               now.plusSeconds(3600), "f".repeat(64)))
            .when(as("user:carol", "approver", new ApproveApiKeyIssuance(new ApiKeyId("0123456789abcdef"), now)))
            .expectException(ForbiddenException.class).expectNoEvents();
        keys.given(new ApiKeyIssuanceRequested("0123456789abcdef", "k", "user:x", List.of("approver"), null, "user:alice",
                                               now.plusSeconds(3600), "f".repeat(64)))
            .when(as("user:alice", "admin", new ApproveApiKeyIssuance(new ApiKeyId("0123456789abcdef"), now)))
            .expectException(ForbiddenException.class)
            .expectExceptionMessage(org.hamcrest.Matchers.containsString("four-eyes")).expectNoEvents();
    }
}
