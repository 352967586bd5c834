package io.modelledger.registry.access.query;

import io.modelledger.contracts.access.ApiKeyIssued;
import io.modelledger.contracts.access.ApiKeyRevoked;
import io.modelledger.platform.test.ProjectionHarness;
import io.modelledger.registry.access.api.ApiKeyView;
import io.modelledger.registry.access.api.FindApiKeyCredential;
import io.modelledger.registry.access.api.ListApiKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key read model the gateway authenticates against, on the Mongo wire server. Its sharpest property: handling a
 * key's issuance again, or replaying the log, never brings back a key that was revoked.
 */
class ApiKeyProjectionIT {

    private final ProjectionHarness harness = ProjectionHarness.of(ApiKeyProjection.class);
    private final ApiKeyProjection projection = new ApiKeyProjection(harness.mongo());

    @AfterEach
    void close() {
        harness.close();
    }

    private void events() {
        projection.on(new ApiKeyIssued("0123456789abcdef", "ci", "team-a", List.of("contributor"), null, "a".repeat(64)),
                      Instant.parse("2026-11-01T00:00:00Z"), "user:admin");
        projection.on(new ApiKeyIssued("fedcba9876543210", "ops", "carol", List.of("admin"), Instant.parse("2027-11-01T00:00:00Z"), "b".repeat(64)),
                      Instant.parse("2026-11-02T00:00:00Z"), "user:admin");
        projection.on(new ApiKeyRevoked("0123456789abcdef"), Instant.parse("2026-11-03T00:00:00Z"), "user:admin");
    }

    @Test
    void replayingTheKeysRebuildsTheSameDocumentsAndARevokedKeyStaysRevoked() {
        harness.assertReplayable(this::events, projection::reset);
        assertThat(projection.handle(new FindApiKeyCredential("0123456789abcdef"))).hasValueSatisfying(c -> assertThat(c.revoked()).isTrue());
    }

    @Test
    void theGatewayGetsTheHashAndRolesAndTheListShowsWhoRevoked() {
        events();
        assertThat(projection.handle(new FindApiKeyCredential("fedcba9876543210"))).hasValueSatisfying(c -> {
            assertThat(c.secretSha256()).isEqualTo("b".repeat(64));
            assertThat(c.roles()).containsExactly("admin");
            assertThat(c.revoked()).isFalse();
        });
        assertThat(projection.handle(new FindApiKeyCredential("0000000000000000"))).isEmpty();
        assertThat(projection.handle(new ListApiKeys()).items()).extracting(ApiKeyView::keyId, ApiKeyView::revokedBy).containsExactly(
                org.assertj.core.groups.Tuple.tuple("0123456789abcdef", "user:admin"), org.assertj.core.groups.Tuple.tuple("fedcba9876543210", null));
    }
}
