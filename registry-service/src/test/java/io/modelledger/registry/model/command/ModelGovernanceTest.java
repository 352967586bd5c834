package io.modelledger.registry.model.command;

import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.contracts.registry.DeploymentRetired;
import io.modelledger.contracts.registry.DeploymentRolledBack;
import io.modelledger.contracts.registry.ModelArchived;
import io.modelledger.contracts.registry.ModelDetailsChanged;
import io.modelledger.contracts.registry.ModelRestored;
import io.modelledger.contracts.registry.ModelVersionDeprecated;
import io.modelledger.contracts.registry.ModelAliasAssigned;
import io.modelledger.contracts.registry.ModelRegistered;
import io.modelledger.contracts.registry.ModelVersionDeployed;
import io.modelledger.contracts.registry.ModelVersionRegistered;
import io.modelledger.contracts.registry.PromotionApproved;
import io.modelledger.contracts.registry.PromotionCompleted;
import io.modelledger.contracts.registry.PromotionExpired;
import io.modelledger.contracts.registry.PromotionPolicyDefined;
import io.modelledger.contracts.registry.PromotionRejected;
import io.modelledger.contracts.registry.PromotionRequested;
import io.modelledger.contracts.registry.TrafficSplit;
import io.modelledger.platform.domain.ConflictException;
import io.modelledger.platform.domain.ForbiddenException;
import io.modelledger.contracts.registry.PolicyChangeApproved;
import io.modelledger.contracts.registry.PolicyChangeExpired;
import io.modelledger.contracts.registry.PolicyChangeRequested;
import io.modelledger.contracts.registry.SuiteRequirement;
import io.modelledger.registry.governance.AliasGovernance.Evidence;
import io.modelledger.registry.governance.AliasGovernance.Outcome;
import io.modelledger.registry.governance.AliasGovernance.PolicyOutcome;
import io.modelledger.registry.governance.AliasGovernance.PolicyTerms;
import io.modelledger.registry.governance.GovernanceSettings;
import io.modelledger.registry.governance.VerdictEvidence;
import io.modelledger.registry.model.api.ApprovePolicyChange;
import io.modelledger.registry.model.api.ArchiveModel;
import io.modelledger.registry.model.api.ChangeModelDetails;
import io.modelledger.registry.model.api.DeprecateVersion;
import io.modelledger.registry.model.api.ExpirePromotion;
import io.modelledger.registry.model.api.ModelId;
import io.modelledger.registry.model.api.RestoreModel;
import io.modelledger.registry.model.api.ApprovePromotion;
import io.modelledger.registry.model.api.AssignAlias;
import io.modelledger.registry.model.api.DefinePromotionPolicy;
import io.modelledger.registry.model.api.DeployVersion;
import io.modelledger.registry.model.api.RejectPromotion;
import io.modelledger.registry.model.api.RequestPromotion;
import io.modelledger.registry.model.api.RetireDeployment;
import io.modelledger.registry.model.api.RollBackDeployment;
import io.modelledger.registry.model.api.RegisterModelVersion;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Aliases, policies, four-eyes promotions with expiry, and deployments, decided by the Model aggregate. */
class ModelGovernanceTest {

    private static final String SHA = "a".repeat(64);
    private static final ModelId MODEL = new ModelId("churn");
    private static final String SUITE_SHA = "b".repeat(64);
    private static final String ENDPOINT = "https://serving.example/churn/2";
    private static final SuiteRequirement ACCURACY = new SuiteRequirement("accuracy", SUITE_SHA, false, true, 10, 0.1);
    private static final VerdictEvidence INDEPENDENT_RUN = verdict("ev-1", "run-1", SUITE_SHA, true, "user:dave", "http", ENDPOINT, 50, 0);
    private static final Evidence PASSED = new Evidence(List.of(INDEPENDENT_RUN), 0);
    private static final Evidence NOTHING = new Evidence(List.of(), 0);
    private static final PromotionPolicyDefined POLICY = new PromotionPolicyDefined(
            "model", "churn", "production", 1, List.of("accuracy"), 2, true, true, 3600, List.of(ACCURACY));

    private AggregateTestFixture<Model> fixture;
    private Instant now;
    private PromotionRequested REQUESTED;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Model.class);
        fixture.registerInjectableResource(GovernanceSettings.defaults());
        now = fixture.currentTime();
        REQUESTED = new PromotionRequested("p-1", "model", "churn", 2, "production", "user:carol", 1, 2, now.plusSeconds(3600),
                                           Map.of("accuracy", "ev-1"));
    }

    private Object[] twoVersions() {
        return new Object[]{new ModelRegistered("churn", null, Map.of()),
                new ModelVersionRegistered("churn", 1, "s3://m/1", SHA, "onnx", Map.of()),
                new ModelVersionRegistered("churn", 2, "s3://m/2", SHA, "onnx", Map.of(), null, null, null, null, null, null, null,
                                           ENDPOINT)};
    }

    private static VerdictEvidence verdict(String eventId, String runId, String sha, Boolean passed, String startedBy,
                                           String targetKind, String endpoint, int cases, int failed) {
        return new VerdictEvidence(eventId, runId, "accuracy", sha, passed, startedBy, "api", targetKind, endpoint,
                                   "predictions".equals(targetKind) ? null : "churn-serving", cases, failed,
                                   Instant.parse("2026-11-01T00:00:00Z"));
    }

    private static GenericCommandMessage<?> admin(String actor, Object command) {
        return (GenericCommandMessage<?>) GenericCommandMessage.asCommandMessage(command).andMetaData(
                MetaData.with(MetadataKeys.ACTOR, actor).and(MetadataKeys.ACTOR_ROLES, "admin"));
    }

    private static PolicyTerms terms(int approvals) {
        return new PolicyTerms(List.of(ACCURACY), approvals, true, true, Duration.ofHours(1));
    }

    private static GenericCommandMessage<?> as(String actor, Object command) {
        return (GenericCommandMessage<?>) GenericCommandMessage.asCommandMessage(command)
                                                               .andMetaData(MetaData.with(MetadataKeys.ACTOR, actor));
    }

    @Test
    void anUnprotectedAliasMovesOnRequest() {
        fixture.given(twoVersions())
               .when(new AssignAlias(MODEL, "challenger", 2))
               .expectEvents(new ModelAliasAssigned("churn", "challenger", 2, null, null));
    }

    @Test
    void aProtectedAliasCannotBeAssignedDirectly() {
        fixture.given(twoVersions()).andGiven(POLICY)
               .when(new AssignAlias(MODEL, "production", 2))
               .expectException(ConflictException.class)
               .expectNoEvents();
    }

    @Test
    void aProtectedAliasWithoutAPolicyCannotMoveAtAll() {
        fixture.given(twoVersions())
               .when(new AssignAlias(MODEL, "production", 2))
               .expectExceptionMessage(org.hamcrest.Matchers.containsString("has no promotion policy yet"))
               .expectNoEvents();
        fixture.given(twoVersions())
               .when(as("user:carol", new RequestPromotion(MODEL, "p-1", 2, "production", PASSED, now)))
               .expectException(ConflictException.class)
               .expectNoEvents();
    }

    @Test
    void theFirstPolicyOfAnAliasHoldsAtOnce() {
        fixture.given(twoVersions())
               .when(admin("user:alice", new DefinePromotionPolicy(MODEL, "c-1", "production", terms(2), now, Duration.ofDays(1))))
               .expectResultMessagePayload(new PolicyOutcome("defined", null, 1, null, "in force"))
               .expectEvents(new PromotionPolicyDefined("model", "churn", "production", 1, List.of("accuracy"), 2, true, true,
                                                        3600, List.of(ACCURACY)));
    }

    @Test
    void aLaterPolicyChangeWaitsForASecondAdmin() {
        PolicyChangeRequested requested = new PolicyChangeRequested("c-2", "model", "churn", "production", 1, List.of(ACCURACY),
                                                                    0, true, true, 3600, "user:alice", now.plus(Duration.ofDays(1)));
        fixture.given(twoVersions()).andGiven(POLICY)
               .when(admin("user:alice", new DefinePromotionPolicy(MODEL, "c-2", "production", terms(0), now, Duration.ofDays(1))))
               .expectEvents(requested)
               .expectScheduledDeadlineWithName(Duration.ofDays(1), Model.EXPIRY);
        fixture.given(twoVersions()).andGiven(POLICY, requested)
               .when(admin("user:alice", new ApprovePolicyChange(MODEL, "c-2", now)))
               .expectException(ForbiddenException.class)
               .expectNoEvents();
        fixture.given(twoVersions()).andGiven(POLICY, requested)
               .when(admin("user:bob", new ApprovePolicyChange(MODEL, "c-2", now)))
               .expectEvents(new PolicyChangeApproved("c-2", "model", "churn", "production", "user:bob"),
                             new PromotionPolicyDefined("model", "churn", "production", 2, List.of("accuracy"), 0, true, true,
                                                        3600, List.of(ACCURACY)));
        fixture.given(twoVersions()).andGiven(POLICY, requested)
               .when(admin("user:bob", new ApprovePolicyChange(MODEL, "c-2", now.plus(Duration.ofDays(2)))))
               .expectEvents(new PolicyChangeExpired("c-2", "model", "churn", "production"));
    }

    @Test
    void evidenceTheRequesterMadeThemselvesDoesNotCount() {
        VerdictEvidence ownPredictions = verdict("ev-2", "run-2", SUITE_SHA, true, "user:carol", "predictions", null, 50, 0);
        VerdictEvidence otherSuiteVersion = verdict("ev-3", "run-3", "c".repeat(64), true, "user:dave", "http", ENDPOINT, 50, 0);
        VerdictEvidence tooFewCases = verdict("ev-4", "run-4", SUITE_SHA, true, "user:dave", "http", ENDPOINT, 1, 0);
        VerdictEvidence noThreshold = verdict("ev-5", "run-5", SUITE_SHA, null, "user:dave", "http", ENDPOINT, 50, 0);
        VerdictEvidence fakeServer = verdict("ev-6", "run-6", SUITE_SHA, true, "user:dave", "http", "http://127.0.0.1:9/echo", 50, 0);
        VerdictEvidence mostlyFailed = verdict("ev-7", "run-7", SUITE_SHA, true, "user:dave", "http", ENDPOINT, 50, 49);
        VerdictEvidence adHoc = new VerdictEvidence("ev-8", "run-8", "accuracy", SUITE_SHA, true, "user:dave", "api", "http", ENDPOINT,
                                                    null, 50, 0, Instant.parse("2026-11-01T00:00:00Z"));
        VerdictEvidence replayOfOwn = new VerdictEvidence("ev-9", "run-9", "accuracy", SUITE_SHA, true, "system:eval-service",
                                                          "re-evaluation", "http", ENDPOINT, "churn-serving", 50, 0,
                                                          Instant.parse("2026-11-01T00:00:00Z"), "user:carol");
        Evidence evidence = new Evidence(List.of(ownPredictions, otherSuiteVersion, tooFewCases, noThreshold, fakeServer,
                                                 mostlyFailed, adHoc, replayOfOwn), 0);
        fixture.given(twoVersions()).andGiven(POLICY)
               .when(as("user:carol", new RequestPromotion(MODEL, "p-1", 2, "production", evidence, now)))
               .expectResultMessagePayloadMatching(org.hamcrest.Matchers.hasToString(org.hamcrest.Matchers.allOf(
                       org.hamcrest.Matchers.containsString("status=rejected"),
                       org.hamcrest.Matchers.containsString("run-2: uploaded predictions are not accepted"),
                       org.hamcrest.Matchers.containsString("started by the requester user:carol"),
                       org.hamcrest.Matchers.containsString("run-3: suite version cccccccccccc… is not the pinned"),
                       org.hamcrest.Matchers.containsString("run-4: 1 case(s), fewer than the 10"),
                       org.hamcrest.Matchers.containsString("run-5: the suite gates on no metric"),
                       org.hamcrest.Matchers.containsString("run-6: ran against http://127.0.0.1:9/echo, not the version's serving endpoint"),
                       org.hamcrest.Matchers.containsString("run-7: error rate 49/50 above the maximum 0.1"),
                       org.hamcrest.Matchers.containsString("run-8: ran against an ad-hoc target, not an admin-configured named target"),
                       org.hamcrest.Matchers.containsString("run-9: started by the requester user:carol"))));
    }

    @Test
    void aCompletedPromotionNamesTheVerdictItWasApprovedOn() {
        fixture.given(twoVersions())
               .andGiven(new ModelAliasAssigned("churn", "production", 1, null, null), POLICY, REQUESTED,
                         new PromotionApproved("p-1", "model", "churn", "user:dave", 1, 2))
               .when(as("user:erin", new ApprovePromotion(MODEL, "p-1", PASSED)))
               .expectEvents(new PromotionApproved("p-1", "model", "churn", "user:erin", 2, 2),
                             new PromotionCompleted("p-1", "model", "churn", 2, "production", Map.of("accuracy", "ev-1")),
                             new ModelAliasAssigned("churn", "production", 2, 1, "p-1"));
    }

    @Test
    void aRequestWithoutAPassingVerdictIsRejectedWithEveryUnmetCondition() {
        fixture.given(twoVersions()).andGiven(POLICY)
               .when(as("user:carol", new RequestPromotion(MODEL, "p-1", 2, "production", NOTHING, now)))
               .expectResultMessagePayload(new Outcome("p-1", "rejected", 0, 2, List.of(
                       "no verdict of suite 'accuracy' for version 2", "0 of 2 required approvals")))
               .expectEvents(new PromotionRequested("p-1", "model", "churn", 2, "production", "user:carol", 1, 2,
                                                    now.plusSeconds(3600), Map.of()),
                             new PromotionRejected("p-1", "model", "churn", 2, "production", List.of(
                       "no verdict of suite 'accuracy' for version 2", "0 of 2 required approvals")));
    }

    @Test
    void anOpenCriticalAlertBlocksTheRequest() {
        fixture.given(twoVersions()).andGiven(POLICY)
               .when(as("user:carol", new RequestPromotion(MODEL, "p-1", 2, "production", new Evidence(List.of(INDEPENDENT_RUN), 1), now)))
               .expectEvents(new PromotionRequested("p-1", "model", "churn", 2, "production", "user:carol", 1, 2,
                                                    now.plusSeconds(3600), Map.of()), new PromotionRejected("p-1", "model", "churn", 2, "production", List.of(
                       "1 open critical alert(s) on the model", "0 of 2 required approvals")));
    }

    @Test
    void aRequestWithEvidenceWaitsForApprovalsAndSchedulesItsExpiry() {
        fixture.given(twoVersions()).andGiven(POLICY)
               .when(as("user:carol", new RequestPromotion(MODEL, "p-1", 2, "production", PASSED, now)))
               .expectEvents(REQUESTED)
               .expectScheduledDeadlineWithName(Duration.ofHours(1), Model.EXPIRY);
    }

    @Test
    void theRequesterMayNotApproveTheirOwnPromotion() {
        fixture.given(twoVersions()).andGiven(POLICY, REQUESTED)
               .when(as("user:carol", new ApprovePromotion(MODEL, "p-1", PASSED)))
               .expectException(ForbiddenException.class)
               .expectNoEvents();
    }

    @Test
    void oneApprovalOfTwoLeavesThePromotionPending() {
        fixture.given(twoVersions()).andGiven(POLICY, REQUESTED)
               .when(as("user:dave", new ApprovePromotion(MODEL, "p-1", PASSED)))
               .expectResultMessagePayload(new Outcome("p-1", "pending", 1, 2, List.of("1 of 2 required approvals")))
               .expectEvents(new PromotionApproved("p-1", "model", "churn", "user:dave", 1, 2));
    }

    @Test
    void theSameApproverCountsOnce() {
        fixture.given(twoVersions()).andGiven(POLICY, REQUESTED, new PromotionApproved("p-1", "model", "churn", "user:dave", 1, 2))
               .when(as("user:dave", new ApprovePromotion(MODEL, "p-1", PASSED)))
               .expectException(ConflictException.class)
               .expectNoEvents();
    }

    @Test
    void theSecondDistinctApprovalMovesTheAlias() {
        fixture.given(twoVersions())
               .andGiven(new ModelAliasAssigned("churn", "production", 1, null, null), POLICY, REQUESTED,
                         new PromotionApproved("p-1", "model", "churn", "user:dave", 1, 2))
               .when(as("user:erin", new ApprovePromotion(MODEL, "p-1", PASSED)))
               .expectEvents(new PromotionApproved("p-1", "model", "churn", "user:erin", 2, 2),
                             new PromotionCompleted("p-1", "model", "churn", 2, "production", Map.of("accuracy", "ev-1")),
                             new ModelAliasAssigned("churn", "production", 2, 1, "p-1"));
    }

    @Test
    void aCriticalAlertRaisedBeforeTheLastApprovalRejectsThePromotion() {
        fixture.given(twoVersions()).andGiven(POLICY, REQUESTED, new PromotionApproved("p-1", "model", "churn", "user:dave", 1, 2))
               .when(as("user:erin", new ApprovePromotion(MODEL, "p-1", new Evidence(List.of(INDEPENDENT_RUN), 2))))
               .expectEvents(new PromotionApproved("p-1", "model", "churn", "user:erin", 2, 2),
                             new PromotionRejected("p-1", "model", "churn", 2, "production",
                                                   List.of("2 open critical alert(s) on the model")));
    }

    @Test
    void anApproverMayRejectWithAReason() {
        fixture.given(twoVersions()).andGiven(POLICY, REQUESTED)
               .when(as("user:dave", new RejectPromotion(MODEL, "p-1", "drift on segment EU")))
               .expectEvents(new PromotionRejected("p-1", "model", "churn", 2, "production",
                                                   List.of("rejected by user:dave: drift on segment EU")));
    }

    @Test
    void anUnapprovedPromotionExpiresAtItsDeadline() {
        fixture.given(twoVersions()).andGiven(POLICY)
               .andGivenCommands(as("user:carol", new RequestPromotion(MODEL, "p-1", 2, "production", PASSED, now)))
               .whenTimeElapses(Duration.ofHours(1).plusSeconds(1))
               .expectTriggeredDeadlinesWithName(Model.EXPIRY)
               .expectEvents(new PromotionExpired("p-1", "model", "churn", 2, "production"));
    }

    @Test
    void theSweepExpiresAnOverduePromotionAndLeavesAFreshOneAlone() {
        fixture.given(twoVersions()).andGiven(POLICY, REQUESTED)
               .when(new ExpirePromotion(MODEL, "p-1", now.plusSeconds(3599)))
               .expectNoEvents();
        fixture.given(twoVersions()).andGiven(POLICY, REQUESTED)
               .when(new ExpirePromotion(MODEL, "p-1", now.plusSeconds(3600)))
               .expectEvents(new PromotionExpired("p-1", "model", "churn", 2, "production"));
    }

    @Test
    void anExpiredPromotionCannotBeApproved() {
        fixture.given(twoVersions()).andGiven(POLICY, REQUESTED, new PromotionExpired("p-1", "model", "churn", 2, "production"))
               .when(as("user:dave", new ApprovePromotion(MODEL, "p-1", PASSED)))
               .expectException(ConflictException.class);
    }

    @Test
    void productionServesOnlyTheVersionHoldingTheProductionAlias() {
        fixture.given(twoVersions()).andGiven(new ModelAliasAssigned("churn", "production", 1, null, null))
               .when(new DeployVersion(MODEL, "production", 2, 100))
               .expectException(ConflictException.class)
               .expectNoEvents();
    }

    private static final PromotionPolicyDefined CANARY_GRANT = new PromotionPolicyDefined("model", "churn", "production-canary", 1,
            List.of(), 1, true, true, 3600, List.of(), null, 20);
    private static final ModelVersionDeployed HOLDER_SERVES = new ModelVersionDeployed("churn", "production", 1, 100,
                                                                                       List.of(new TrafficSplit(1, 100)));

    @Test
    void aGrantedCanaryServesAProtectedEnvironmentUpToTheGrantsShareBesideTheAliasHolder() {
        fixture.given(twoVersions())
               .andGiven(new ModelAliasAssigned("churn", "production", 1, null, null), CANARY_GRANT, HOLDER_SERVES,
                         new ModelAliasAssigned("churn", "production-canary", 2, null, "p-9"))
               .when(new DeployVersion(MODEL, "production", 2, 20))
               .expectEvents(new ModelVersionDeployed("churn", "production", 2, 20,
                                                      List.of(new TrafficSplit(2, 20), new TrafficSplit(1, 80))));
    }

    @Test
    void aCanaryBeyondTheGrantsShareOrWithoutAGrantOrWithoutTheHolderIsRefused() {
        fixture.given(twoVersions())
               .andGiven(new ModelAliasAssigned("churn", "production", 1, null, null), CANARY_GRANT, HOLDER_SERVES,
                         new ModelAliasAssigned("churn", "production-canary", 2, null, "p-9"))
               .when(new DeployVersion(MODEL, "production", 2, 21))
               .expectExceptionMessage(org.hamcrest.Matchers.containsString("at most 20 percent"));
        fixture.given(twoVersions())
               .andGiven(new ModelAliasAssigned("churn", "production", 1, null, null), CANARY_GRANT, HOLDER_SERVES)
               .when(new DeployVersion(MODEL, "production", 2, 10))
               .expectExceptionMessage(org.hamcrest.Matchers.containsString("production-canary"));
        fixture.given(twoVersions())
               .andGiven(new ModelAliasAssigned("churn", "production", 1, null, null), CANARY_GRANT,
                         new ModelAliasAssigned("churn", "production-canary", 2, null, "p-9"))
               .when(new DeployVersion(MODEL, "production", 2, 10))
               .expectExceptionMessage(org.hamcrest.Matchers.containsString("deploy that one first"));
        fixture.given(twoVersions())
               .when(new AssignAlias(MODEL, "production-canary", 2))
               .expectExceptionMessage(org.hamcrest.Matchers.containsString("has no promotion policy yet"));
    }

    @Test
    void aCanaryGrantsShareIsAtMost49PercentEvenFromARevisionDefinedBeforeTheCap() {
        fixture.given(twoVersions())
               .when(admin("user:admin", new DefinePromotionPolicy(MODEL, "c-1", "production-canary",
                       new PolicyTerms(List.of(), 1, true, true, Duration.ofHours(1), null, 80), now, Duration.ofHours(1))))
               .expectException(IllegalArgumentException.class);
        PromotionPolicyDefined legacy = new PromotionPolicyDefined("model", "churn", "production-canary", 1, List.of(), 1, true, true, 3600,
                                                                   List.of(), null, 90);
        fixture.given(twoVersions())
               .andGiven(new ModelAliasAssigned("churn", "production", 1, null, null), legacy, HOLDER_SERVES,
                         new ModelAliasAssigned("churn", "production-canary", 2, null, "p-9"))
               .when(new DeployVersion(MODEL, "production", 2, 60))
               .expectExceptionMessage(org.hamcrest.Matchers.containsString("at most 49 percent"));
    }

    @Test
    void theProtectedEnvironmentRuleFollowsTheConfiguredProtectedAliases() {
        fixture = new AggregateTestFixture<>(Model.class);
        fixture.registerInjectableResource(new GovernanceSettings(java.util.Set.of("live"), null));
        fixture.given(twoVersions()).andGiven(new ModelAliasAssigned("churn", "live", 1, null, null))
               .when(new DeployVersion(MODEL, "live", 2, 100))
               .expectExceptionMessage(org.hamcrest.Matchers.containsString("holding the 'live' alias"));
    }

    @Test
    void aPolicyThatRequiresTheCanaryRejectsAWorseCanaryNamingItsAnalysisAndAcceptsOneThatIsNot() {
        PromotionPolicyDefined policy = new PromotionPolicyDefined("model", "churn", "production", 1, List.of(), 0, true, true, 3600,
                List.of(), new io.modelledger.contracts.registry.CanaryRequirement("production", 200), null);
        Object[] canaryRuns = {new ModelAliasAssigned("churn", "production", 1, null, null), CANARY_GRANT, HOLDER_SERVES,
                new ModelAliasAssigned("churn", "production-canary", 2, null, "p-9"),
                new ModelVersionDeployed("churn", "production", 2, 20, List.of(new TrafficSplit(2, 20), new TrafficSplit(1, 80))), policy};
        var worse = canary("ev-canary-1", 1, "candidate-worse", List.of("error_rate"), now);
        fixture.given(twoVersions()).andGiven(canaryRuns)
               .when(as("user:carol", new RequestPromotion(MODEL, "p-1", 2, "production",
                                                             new Evidence(List.of(), 0, Map.of("production", worse)), now)))
               .expectResultMessagePayloadMatching(org.hamcrest.Matchers.hasToString(org.hamcrest.Matchers.allOf(
                       org.hamcrest.Matchers.containsString("rejected"), org.hamcrest.Matchers.containsString("ev-canary-1"),
                       org.hamcrest.Matchers.containsString("error_rate"))));
        var fine = canary("ev-canary-2", 1, "no-significant-difference", List.of(), now);
        fixture.given(twoVersions()).andGiven(canaryRuns)
               .when(as("user:carol", new RequestPromotion(MODEL, "p-1", 2, "production",
                                                             new Evidence(List.of(), 0, Map.of("production", fine)), now)))
               .expectEvents(new PromotionRequested("p-1", "model", "churn", 2, "production", "user:carol", 1, 0, now.plusSeconds(3600),
                                                    Map.of("canary:production", "ev-canary-2")),
                             new io.modelledger.contracts.registry.PromotionCompleted("p-1", "model", "churn", 2, "production",
                                                                                     Map.of("canary:production", "ev-canary-2")),
                             new ModelAliasAssigned("churn", "production", 2, 1, "p-1"));
    }

    @Test
    void aCanaryAnalysisAgainstAnotherBaselineOrOfAnEarlierSplitIsNoEvidence() {
        PromotionPolicyDefined policy = new PromotionPolicyDefined("model", "churn", "production", 1, List.of(), 0, true, true, 3600,
                List.of(), new io.modelledger.contracts.registry.CanaryRequirement("production", 200), null);
        Object[] canaryRuns = {new ModelAliasAssigned("churn", "production", 1, null, null), CANARY_GRANT, HOLDER_SERVES,
                new ModelAliasAssigned("churn", "production-canary", 2, null, "p-9"),
                new ModelVersionDeployed("churn", "production", 2, 20, List.of(new TrafficSplit(2, 20), new TrafficSplit(1, 80))), policy};
        var otherBaseline = canary("ev-canary-3", 3, "no-significant-difference", List.of(), now);
        fixture.given(twoVersions()).andGiven(canaryRuns)
               .when(as("user:carol", new RequestPromotion(MODEL, "p-1", 2, "production",
                                                             new Evidence(List.of(), 0, Map.of("production", otherBaseline)), now)))
               .expectResultMessagePayloadMatching(org.hamcrest.Matchers.hasToString(org.hamcrest.Matchers.allOf(
                       org.hamcrest.Matchers.containsString("rejected"), org.hamcrest.Matchers.containsString("not with version 1"))));
        var earlier = canary("ev-canary-4", 1, "no-significant-difference", List.of(), now.minusSeconds(3600));
        fixture.given(twoVersions()).andGiven(canaryRuns)
               .when(as("user:carol", new RequestPromotion(MODEL, "p-1", 2, "production",
                                                             new Evidence(List.of(), 0, Map.of("production", earlier)), now)))
               .expectResultMessagePayloadMatching(org.hamcrest.Matchers.hasToString(org.hamcrest.Matchers.containsString("earlier traffic split")));
    }

    private static io.modelledger.registry.governance.CanaryEvidence canary(String eventId, int primary, String outcome,
                                                                           List<String> worse, Instant from) {
        return new io.modelledger.registry.governance.CanaryEvidence(eventId, "production", primary, 2, outcome, 500, worse, from, from,
                                                                    from.plusSeconds(600));
    }

    @Test
    void inAProtectedEnvironmentTheHolderServesAllButTheGrantedShareAndARollbackFollowsTheSameRule() {
        fixture.given(twoVersions())
               .andGiven(new ModelAliasAssigned("churn", "production", 1, null, null), HOLDER_SERVES)
               .when(new DeployVersion(MODEL, "production", 1, 50))
               .expectExceptionMessage(org.hamcrest.Matchers.containsString("deploy it with 100 percent"));
        // a canary [2: 10, 1: 90]; the holder deployed at 1% would hand 99% to the canary: refused
        fixture.given(twoVersions())
               .andGiven(new ModelAliasAssigned("churn", "production", 1, null, null), CANARY_GRANT, HOLDER_SERVES,
                         new ModelAliasAssigned("churn", "production-canary", 2, null, "p-9"),
                         new ModelVersionDeployed("churn", "production", 2, 10, List.of(new TrafficSplit(2, 10), new TrafficSplit(1, 90))))
               .when(new DeployVersion(MODEL, "production", 1, 1))
               .expectExceptionMessage(org.hamcrest.Matchers.containsString("only with the version it replaced"));
        // a newly promoted holder is rolled out beside the version it replaced
        fixture.given(twoVersions())
               .andGiven(new ModelAliasAssigned("churn", "production", 1, null, null), HOLDER_SERVES,
                         new ModelAliasAssigned("churn", "production", 2, 1, "p-1"))
               .when(new DeployVersion(MODEL, "production", 2, 10))
               .expectEvents(new ModelVersionDeployed("churn", "production", 2, 10,
                                                      List.of(new TrafficSplit(2, 10), new TrafficSplit(1, 90))));
        // a split from before production was governed (version 2 at 90%) cannot come back by a rollback
        fixture.given(twoVersions())
               .andGiven(new ModelVersionDeployed("churn", "production", 2, 90, List.of(new TrafficSplit(2, 90), new TrafficSplit(1, 10))),
                         new ModelVersionDeployed("churn", "production", 1, 100, List.of(new TrafficSplit(1, 100))),
                         new ModelAliasAssigned("churn", "production", 1, null, null), CANARY_GRANT)
               .when(new RollBackDeployment(MODEL, "production"))
               .expectExceptionMessage(org.hamcrest.Matchers.containsString("may not serve it now"));
        // a canary alias assigned directly, before production was protected, grants nothing
        fixture.given(twoVersions())
               .andGiven(new ModelAliasAssigned("churn", "production-canary", 2, null, null),
                         new ModelAliasAssigned("churn", "production", 1, null, null), CANARY_GRANT, HOLDER_SERVES)
               .when(new DeployVersion(MODEL, "production", 2, 10))
               .expectExceptionMessage(org.hamcrest.Matchers.containsString("by promotion"));
    }

    @Test
    void aCanaryTakesItsShareFromTheStableVersion() {
        fixture.given(twoVersions())
               .andGiven(new ModelVersionDeployed("churn", "staging", 1, 100, List.of(new TrafficSplit(1, 100))))
               .when(new DeployVersion(MODEL, "staging", 2, 10))
               .expectEvents(new ModelVersionDeployed("churn", "staging", 2, 10,
                                                      List.of(new TrafficSplit(2, 10), new TrafficSplit(1, 90))));
    }

    @Test
    void aRollbackRestoresTheSplitBeforeTheLatestDeployment() {
        List<TrafficSplit> before = List.of(new TrafficSplit(2, 10), new TrafficSplit(1, 90));
        fixture.given(twoVersions())
               .andGiven(new ModelVersionDeployed("churn", "staging", 1, 100, List.of(new TrafficSplit(1, 100))),
                         new ModelVersionDeployed("churn", "staging", 2, 10, before),
                         new ModelVersionDeployed("churn", "staging", 2, 100, List.of(new TrafficSplit(2, 100))))
               .when(new RollBackDeployment(MODEL, "staging"))
               .expectEvents(new DeploymentRolledBack("churn", "staging", List.of(new TrafficSplit(2, 100)), before));
    }

    @Test
    void retiringADeploymentRemovesTheModelFromTheEnvironment() {
        List<TrafficSplit> serving = List.of(new TrafficSplit(1, 100));
        fixture.given(twoVersions()).andGiven(new ModelVersionDeployed("churn", "staging", 1, 100, serving))
               .when(new RetireDeployment(MODEL, "staging"))
               .expectEvents(new DeploymentRetired("churn", "staging", serving));
        fixture.given(twoVersions())
               .when(new RetireDeployment(MODEL, "staging"))
               .expectException(io.modelledger.platform.domain.NotFoundException.class);
    }

    @Test
    void detailsChangeAndAnArchivedModelTakesNoNewWorkUntilRestored() {
        fixture.given(twoVersions())
               .when(new ChangeModelDetails(MODEL, "new text", "team:ml", "high", Map.of("k", "v")))
               .expectEvents(new ModelDetailsChanged("churn", "new text", "team:ml", "high", Map.of("k", "v")));
        fixture.given(twoVersions())
               .when(new ArchiveModel(MODEL))
               .expectEvents(new ModelArchived("churn"));
        fixture.given(twoVersions()).andGiven(new ModelArchived("churn"))
               .when(new RegisterModelVersion(MODEL, "s3://m/3", SHA, "onnx", Map.of()))
               .expectException(ConflictException.class);
        fixture.given(twoVersions()).andGiven(new ModelArchived("churn"))
               .when(new RestoreModel(MODEL))
               .expectEvents(new ModelRestored("churn"));
        fixture.given(twoVersions()).andGiven(new ModelArchived("churn"))
               .when(new ArchiveModel(MODEL))
               .expectNoEvents();
    }

    @Test
    void aDeprecatedVersionIsNeitherPromotedNorDeployed() {
        fixture.given(twoVersions())
               .when(new DeprecateVersion(MODEL, 1, "leaks a feature"))
               .expectEvents(new ModelVersionDeprecated("churn", 1, "leaks a feature"));
        fixture.given(twoVersions()).andGiven(new ModelVersionDeprecated("churn", 1, "x"))
               .when(new DeprecateVersion(MODEL, 1, "again"))
               .expectException(ConflictException.class);
        fixture.given(twoVersions()).andGiven(new ModelVersionDeprecated("churn", 2, "x"), POLICY)
               .when(as("user:carol", new RequestPromotion(MODEL, "p-1", 2, "production", PASSED, now)))
               .expectException(ConflictException.class);
        fixture.given(twoVersions()).andGiven(new ModelVersionDeprecated("churn", 1, "x"))
               .when(new DeployVersion(MODEL, "staging", 1, 100))
               .expectException(ConflictException.class);
    }

    @Test
    void aFirstDeploymentCannotBeACanary() {
        fixture.given(twoVersions())
               .when(new DeployVersion(MODEL, "staging", 2, 10))
               .expectException(ConflictException.class);
    }
}
