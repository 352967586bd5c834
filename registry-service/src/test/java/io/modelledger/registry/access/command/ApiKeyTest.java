package io.modelledger.registry.access.command;

import io.modelledger.contracts.access.ApiKeyIssued;
import io.modelledger.contracts.access.ApiKeyRevoked;
import io.modelledger.platform.domain.ConflictException;
import io.modelledger.registry.access.api.ApiKeyId;
import io.modelledger.registry.access.api.IssueApiKey;
import io.modelledger.registry.access.api.RevokeApiKey;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

class ApiKeyTest {

    private static final String HASH = "d".repeat(64);
    private final ApiKeyId id = new ApiKeyId("0123456789abcdef");
    private AggregateTestFixture<ApiKey> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ApiKey.class);
    }

    @Test
    void issuingAKeyRecordsOnlyTheHashOfItsSecret() {
        Instant expiry = Instant.parse("2027-01-01T00:00:00Z");
        fixture.givenNoPriorActivity()
               .when(new IssueApiKey(id, "ci pipeline", "team:ml-platform", List.of("contributor"), expiry, HASH))
               .expectEvents(new ApiKeyIssued("0123456789abcdef", "ci pipeline", "team:ml-platform", List.of("contributor"),
                                              expiry, HASH));
    }

    @Test
    void aKeyWithoutRolesIsRefused() {
        fixture.givenNoPriorActivity()
               .when(new IssueApiKey(id, "useless", null, List.of(), null, HASH))
               .expectException(IllegalArgumentException.class)
               .expectNoEvents();
    }

    @Test
    void revokingAKeyIsRecordedOnce() {
        fixture.given(new ApiKeyIssued("0123456789abcdef", "ci", null, List.of("viewer"), null, HASH))
               .when(new RevokeApiKey(id))
               .expectEvents(new ApiKeyRevoked("0123456789abcdef"));
    }

    @Test
    void revokingARevokedKeyIsAConflict() {
        fixture.given(new ApiKeyIssued("0123456789abcdef", "ci", null, List.of("viewer"), null, HASH),
                      new ApiKeyRevoked("0123456789abcdef"))
               .when(new RevokeApiKey(id))
               .expectException(ConflictException.class)
               .expectNoEvents();
    }

    @Test
    void aRequestWhoseKeyWasRevokedCannotBeApproved() {
        fixture.given(new io.modelledger.contracts.access.ApiKeyIssuanceRequested("0123456789abcdef", "dave", "user:dave", List.of("approver"),
                                                                                  null, "user:root", Instant.parse("2027-01-01T00:00:00Z"), HASH),
                      new ApiKeyRevoked("0123456789abcdef"))
               .when(new org.axonframework.commandhandling.GenericCommandMessage<>(
                       new io.modelledger.registry.access.api.ApproveApiKeyIssuance(id, Instant.parse("2026-12-01T00:00:00Z")),
                       org.axonframework.messaging.MetaData.with(io.modelledger.contracts.metadata.MetadataKeys.ACTOR, "user:alice")))
               .expectException(ConflictException.class)
               .expectNoEvents();
    }
}
