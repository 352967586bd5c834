package io.modelledger.registry.access.query;

import io.modelledger.contracts.access.ApiKeyIssuanceApproved;
import io.modelledger.contracts.access.ApiKeyIssuanceRequested;
import io.modelledger.platform.test.ProjectionHarness;
import io.modelledger.registry.access.api.ApiKeyRequestView;
import io.modelledger.registry.access.api.ListApiKeyRequests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests for privileged keys on the Mongo wire server: pending until approved or past their deadline, replayable, no hash shown. */
class ApiKeyRequestProjectionIT {

    private static final Instant AT = Instant.parse("2026-12-01T08:00:00Z");

    private final ProjectionHarness harness = ProjectionHarness.of(ApiKeyRequestProjection.class);
    private final ApiKeyRequestProjection projection = new ApiKeyRequestProjection(harness.mongo());

    @AfterEach
    void close() {
        harness.close();
    }

    private void events() {
        projection.on(new ApiKeyIssuanceRequested("00000000000000a1", "dave", "user:dave", List.of("approver"), null, "user:root",
                                                  AT.plusSeconds(3600), "a".repeat(64)), AT);
        projection.on(new ApiKeyIssuanceRequested("00000000000000a2", "erin", "user:erin", List.of("admin"), null, "user:root",
                                                  AT.plusSeconds(60), "b".repeat(64)), AT.plusSeconds(1));
        projection.on(new ApiKeyIssuanceRequested("00000000000000a3", "frank", "user:frank", List.of("approver"), null, "user:root",
                                                  AT.plusSeconds(3600), "c".repeat(64)), AT.plusSeconds(2));
        projection.on(new ApiKeyIssuanceApproved("00000000000000a3", "user:alice"), AT.plusSeconds(30));
        projection.on(new ApiKeyIssuanceRequested("00000000000000a4", "gus", "user:gus", List.of("admin"), null, "user:root",
                                                  AT.plusSeconds(3600), "d".repeat(64)), AT.plusSeconds(3));
        projection.on(new io.modelledger.contracts.access.ApiKeyRevoked("00000000000000a4"));
        projection.on(new io.modelledger.contracts.access.ApiKeyRevoked("00000000000000ff")); // a key issued without a request
    }

    @Test
    void replayingTheRequestsRebuildsTheSameDocuments() {
        harness.assertReplayable(this::events, projection::reset);
    }

    @Test
    void aRequestIsPendingUntilASecondAdminApprovesItOrItsDeadlinePasses() {
        events();
        Instant inTwoMinutes = AT.plusSeconds(120);
        assertThat(projection.handle(new ListApiKeyRequests("pending", AT.plusSeconds(40), 100)).items())
                .extracting(ApiKeyRequestView::keyId).containsExactly("00000000000000a2", "00000000000000a1");
        assertThat(projection.handle(new ListApiKeyRequests("pending", inTwoMinutes, 100)).items())
                .singleElement().satisfies(r -> {
                    assertThat(r.keyId()).isEqualTo("00000000000000a1");
                    assertThat(r.requestedBy()).isEqualTo("user:root");
                    assertThat(r.roles()).containsExactly("approver");
                    assertThat(r.status()).isEqualTo("pending");
                });
        assertThat(projection.handle(new ListApiKeyRequests("expired", inTwoMinutes, 100)).items())
                .extracting(ApiKeyRequestView::keyId, ApiKeyRequestView::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("00000000000000a2", "expired"));
        assertThat(projection.handle(new ListApiKeyRequests("withdrawn", inTwoMinutes, 100)).items())
                .extracting(ApiKeyRequestView::keyId, ApiKeyRequestView::status)
                .as("a request whose key was revoked before any approval").containsExactly(
                        org.assertj.core.groups.Tuple.tuple("00000000000000a4", "withdrawn"));
        assertThat(projection.handle(new ListApiKeyRequests("approved", inTwoMinutes, 100)).items())
                .extracting(ApiKeyRequestView::keyId, ApiKeyRequestView::approvedBy)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("00000000000000a3", "user:alice"));
    }
}
