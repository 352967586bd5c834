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
import io.modelledger.registry.governance.AliasGovernance.Evidence;
import io.modelledger.registry.governance.AliasGovernance.Outcome;
import io.modelledger.registry.model.command.ModelCommands.ApprovePromotion;
import io.modelledger.registry.model.command.ModelCommands.AssignAlias;
import io.modelledger.registry.model.command.ModelCommands.DefinePromotionPolicy;
import io.modelledger.registry.model.command.ModelCommands.DeployVersion;
import io.modelledger.registry.model.command.ModelCommands.RejectPromotion;
import io.modelledger.registry.model.command.ModelCommands.RequestPromotion;
import io.modelledger.registry.model.command.ModelCommands.RollBackDeployment;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Aliases, policies, four-eyes promotions with expiry, and deployments, decided by the Model aggregate. */
class ModelGovernanceTest {

    private static final String SHA = "a".repeat(64);
    private static final ModelId MODEL = new ModelId("churn");
    private static final Evidence PASSED = new Evidence(Set.of("accuracy"), 0);
    private static final Evidence NOTHING = new Evidence(Set.of(), 0);
    private static final PromotionPolicyDefined POLICY =
            new PromotionPolicyDefined("model", "churn", "production", 1, List.of("accuracy"), 2, true, true, 3600);

    private AggregateTestFixture<Model> fixture;
    private Instant now;
    private PromotionRequested REQUESTED;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Model.class);
        now = fixture.currentTime();
        REQUESTED = new PromotionRequested("p-1", "model", "churn", 2, "production", "user:carol", 1, 2, now.plusSeconds(3600));
    }

    private Object[] twoVersions() {
        return new Object[]{new ModelRegistered("churn", null, Map.of()),
                new ModelVersionRegistered("churn", 1, "s3://m/1", SHA, "onnx", Map.of()),
                new ModelVersionRegistered("churn", 2, "s3://m/2", SHA, "onnx", Map.of())};
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
    void policiesAreVersionedByRevision() {
        fixture.given(twoVersions()).andGiven(POLICY)
               .when(new DefinePromotionPolicy(MODEL, "production", List.of("accuracy", "fairness"), 2, true, true,
                                               Duration.ofHours(24)))
               .expectResultMessagePayload(2)
               .expectEvents(new PromotionPolicyDefined("model", "churn", "production", 2, List.of("accuracy", "fairness"), 2,
                                                        true, true, 86_400));
    }

    @Test
    void aRequestWithoutAPassingVerdictIsRejectedWithEveryUnmetCondition() {
        fixture.given(twoVersions()).andGiven(POLICY)
               .when(as("user:carol", new RequestPromotion(MODEL, "p-1", 2, "production", NOTHING, now)))
               .expectResultMessagePayload(new Outcome("p-1", "rejected", 0, 2, List.of(
                       "no passing verdict of suite 'accuracy' for version 2", "0 of 2 required approvals")))
               .expectEvents(REQUESTED, new PromotionRejected("p-1", "model", "churn", 2, "production", List.of(
                       "no passing verdict of suite 'accuracy' for version 2", "0 of 2 required approvals")));
    }

    @Test
    void anOpenCriticalAlertBlocksTheRequest() {
        fixture.given(twoVersions()).andGiven(POLICY)
               .when(as("user:carol", new RequestPromotion(MODEL, "p-1", 2, "production", new Evidence(Set.of("accuracy"), 1), now)))
               .expectEvents(REQUESTED, new PromotionRejected("p-1", "model", "churn", 2, "production", List.of(
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
                             new PromotionCompleted("p-1", "model", "churn", 2, "production"),
                             new ModelAliasAssigned("churn", "production", 2, 1, "p-1"));
    }

    @Test
    void aCriticalAlertRaisedBeforeTheLastApprovalRejectsThePromotion() {
        fixture.given(twoVersions()).andGiven(POLICY, REQUESTED, new PromotionApproved("p-1", "model", "churn", "user:dave", 1, 2))
               .when(as("user:erin", new ApprovePromotion(MODEL, "p-1", new Evidence(Set.of("accuracy"), 2))))
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
               .when(new ModelCommands.ExpirePromotion(MODEL, "p-1", now.plusSeconds(3599)))
               .expectNoEvents();
        fixture.given(twoVersions()).andGiven(POLICY, REQUESTED)
               .when(new ModelCommands.ExpirePromotion(MODEL, "p-1", now.plusSeconds(3600)))
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
               .when(new ModelCommands.RetireDeployment(MODEL, "staging"))
               .expectEvents(new DeploymentRetired("churn", "staging", serving));
        fixture.given(twoVersions())
               .when(new ModelCommands.RetireDeployment(MODEL, "staging"))
               .expectException(io.modelledger.platform.domain.NotFoundException.class);
    }

    @Test
    void detailsChangeAndAnArchivedModelTakesNoNewWorkUntilRestored() {
        fixture.given(twoVersions())
               .when(new ModelCommands.ChangeModelDetails(MODEL, "new text", "team:ml", "high", Map.of("k", "v")))
               .expectEvents(new ModelDetailsChanged("churn", "new text", "team:ml", "high", Map.of("k", "v")));
        fixture.given(twoVersions())
               .when(new ModelCommands.ArchiveModel(MODEL))
               .expectEvents(new ModelArchived("churn"));
        fixture.given(twoVersions()).andGiven(new ModelArchived("churn"))
               .when(new RegisterModelVersion(MODEL, "s3://m/3", SHA, "onnx", Map.of()))
               .expectException(ConflictException.class);
        fixture.given(twoVersions()).andGiven(new ModelArchived("churn"))
               .when(new ModelCommands.RestoreModel(MODEL))
               .expectEvents(new ModelRestored("churn"));
        fixture.given(twoVersions()).andGiven(new ModelArchived("churn"))
               .when(new ModelCommands.ArchiveModel(MODEL))
               .expectNoEvents();
    }

    @Test
    void aDeprecatedVersionIsNeitherPromotedNorDeployed() {
        fixture.given(twoVersions())
               .when(new ModelCommands.DeprecateVersion(MODEL, 1, "leaks a feature"))
               .expectEvents(new ModelVersionDeprecated("churn", 1, "leaks a feature"));
        fixture.given(twoVersions()).andGiven(new ModelVersionDeprecated("churn", 1, "x"))
               .when(new ModelCommands.DeprecateVersion(MODEL, 1, "again"))
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
