package io.modelledger.monitor.policy.command;

import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.contracts.monitor.MonitoringPolicyDefined;
import io.modelledger.monitor.policy.api.DefineMonitoringPolicy;
import io.modelledger.monitor.policy.api.MonitoringId;
import io.modelledger.platform.domain.ForbiddenException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

/** Capturing people's prompts and answers is an admin's decision; turning it off, or anything else, is anyone's who may define the policy. */
class ModelMonitoringTest {

    private static final MonitoringId ID = new MonitoringId("support-bot");
    private AggregateTestFixture<ModelMonitoring> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ModelMonitoring.class);
    }

    private static MonitoringPolicyDefined policy(boolean capture, Long keep) {
        return new MonitoringPolicyDefined("support-bot", 0.05, 0.1, 0.5, Map.of(), false, false, null, false, false, 0.2, List.of(), capture, keep);
    }

    private static Map<String, Object> as(String roles) {
        return Map.of(MetadataKeys.ACTOR_ROLES, roles, MetadataKeys.AUTH_METHOD, "api-key");
    }

    @Test
    void aContributorCannotTurnContentCaptureOnAnAdminCan() {
        fixture.givenNoPriorActivity().when(new DefineMonitoringPolicy(ID, policy(true, 3600L)), as("contributor"))
               .expectException(ForbiddenException.class).expectNoEvents();
        fixture.givenNoPriorActivity().when(new DefineMonitoringPolicy(ID, policy(true, 3600L)), as("admin"))
               .expectEvents(policy(true, 3600L));
    }

    @Test
    void aContributorMayKeepOrShortenCaptureButNotLengthenIt() {
        fixture.given(policy(true, 3600L)).when(new DefineMonitoringPolicy(ID, policy(true, 600L)), as("contributor"))
               .expectEvents(policy(true, 600L));
        fixture.given(policy(true, 3600L)).when(new DefineMonitoringPolicy(ID, policy(true, 7200L)), as("contributor"))
               .expectException(ForbiddenException.class);
        fixture.given(policy(true, 3600L)).when(new DefineMonitoringPolicy(ID, policy(false, null)), as("contributor"))
               .expectEvents(policy(false, null));
    }
}
