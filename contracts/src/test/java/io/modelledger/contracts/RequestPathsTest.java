package io.modelledger.contracts;

import io.modelledger.contracts.access.AccessMatrix;
import io.modelledger.contracts.access.RequestPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestPathsTest {

    @Test
    void anEncodedLetterDecodesToThePathTheHandlerSeesAndTheMatrixDecidesOnIt() {
        String decoded = RequestPaths.normalise("/api/registry/models/victim/%70olicies/production");
        assertThat(decoded).isEqualTo("/api/registry/models/victim/policies/production");
        assertThat(AccessMatrix.allows("PUT", decoded, List.of("contributor"))).isFalse();
        assertThat(RequestPaths.normalise("/api/registry/models/v/promotions/p/%61pprovals"))
                .isEqualTo("/api/registry/models/v/promotions/p/approvals");
        assertThat(RequestPaths.normalise("/api/registry/models/v/promotions/p/%41PPROVALS"))
                .as("case is kept: Spring MVC matches case-sensitively, so this is no route").isEqualTo("/api/registry/models/v/promotions/p/APPROVALS");
    }

    @Test
    void theCanonicalFormEncodesOnlyWhatMust() {
        assertThat(RequestPaths.canonical("/api/registry/models/victim/%70olicies/production"))
                .isEqualTo("/api/registry/models/victim/policies/production");
        assertThat(RequestPaths.canonical("/api/registry/models/a%20b")).isEqualTo("/api/registry/models/a%20b");
        assertThat(RequestPaths.canonical("/api/registry/models/caf%C3%A9")).isEqualTo("/api/registry/models/caf%C3%A9");
        assertThat(RequestPaths.canonical("/api/registry/models/v1.2")).isEqualTo("/api/registry/models/v1.2");
        assertThat(RequestPaths.canonical("/")).isEqualTo("/");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/registry/models/v/%2Fpolicies", "/api/registry/models/v%2fpolicies", "/api/registry/models/v/%5Cpolicies",
            "/api/registry/models/v/%2E%2E/policies", "/api/registry/models/v/%2e/policies", "/api/registry/models/%252F",
            "/api/registry/models/v/%2570olicies/production", "/api/registry//models", "/api/registry/./models",
            "/api/registry/../access/keys", "/api/registry/models/v/policies/production/", "/api/registry/models;jsessionid=x",
            "/api/registry/models/v/policies;x=1/production", "/api/registry/models/%3B", "/api/registry/models/%C3%28",
            "/api/registry/models/%00", "/api/registry/models/%E2%80%AE", "/api/registry/models/%", "/api/registry/models/%G1",
            "/api/registry/models\\x", "api/registry/models", "", "/api/registry/models/.."})
    void ambiguousPathsAreRefused(String raw) {
        assertThatThrownBy(() -> RequestPaths.normalise(raw)).isInstanceOf(RequestPaths.AmbiguousPathException.class);
    }
}
