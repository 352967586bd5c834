package io.modelledger.contracts;

import io.modelledger.contracts.audit.AuditEntry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuditEntryTest {

    private static AuditEntry.StoredEvent event(long position, String payload) {
        return new AuditEntry.StoredEvent(position, "e-" + position, "io.modelledger.contracts.registry.ModelRegistered", null,
                                          "Model", "model:fraud", 0L, "2026-03-01T14:00:00Z", payload,
                                          "{\"actor\":\"user:carol\",\"reason\":\"why\",\"requestId\":\"r-1\","
                                                  + "\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"}");
    }

    @Test
    void anEntryCarriesWhoWhyTraceAndSubjectFromTheStoredEvent() {
        AuditEntry entry = AuditEntry.of(event(7, "{\"modelName\":\"fraud\",\"tags\":{}}"), AuditEntry.GENESIS);
        assertThat(entry.type()).isEqualTo("ModelRegistered");
        assertThat(entry.service()).isEqualTo("registry-service");
        assertThat(entry.subject()).isEqualTo("model:fraud");
        assertThat(entry.actor()).isEqualTo("user:carol");
        assertThat(entry.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(entry.hashHolds()).isTrue();
    }

    @Test
    void theHashDependsOnContentAndPredecessorButNotOnKeyOrder() {
        AuditEntry a = AuditEntry.of(event(7, "{\"modelName\":\"fraud\",\"description\":\"x\"}"), AuditEntry.GENESIS);
        AuditEntry reordered = AuditEntry.of(event(7, "{\"description\":\"x\",\"modelName\":\"fraud\"}"), AuditEntry.GENESIS);
        AuditEntry edited = AuditEntry.of(event(7, "{\"modelName\":\"fraud\",\"description\":\"y\"}"), AuditEntry.GENESIS);
        AuditEntry relinked = AuditEntry.of(event(7, "{\"modelName\":\"fraud\",\"description\":\"x\"}"), "f".repeat(64));
        assertThat(reordered.hash()).isEqualTo(a.hash());
        assertThat(edited.hash()).isNotEqualTo(a.hash());
        assertThat(relinked.hash()).isNotEqualTo(a.hash());
    }

    @Test
    void promotionsOfPromptsAndEventsOfOtherServicesAreAttributed() {
        assertThat(AuditEntry.subject("{\"subjectKind\":\"prompt\",\"subjectName\":\"support\"}")).isEqualTo("prompt:support");
        assertThat(AuditEntry.subject("{\"subjectName\":\"fraud\"}")).as("older promotion events").isEqualTo("model:fraud");
        assertThat(AuditEntry.service("io.modelledger.contracts.monitor.AlertRaised")).isEqualTo("monitor-service");
        assertThat(AuditEntry.service("io.modelledger.contracts.access.ApiKeyIssued")).isEqualTo("registry-service");
    }

    private static AuditEntry.StoredEvent withMetadata(String metadata) {
        return new AuditEntry.StoredEvent(7, "e-7", "io.modelledger.contracts.registry.ModelRegistered", null, "Model", "model:fraud",
                                          0L, "2026-03-01T14:00:00Z", "{\"modelName\":\"fraud\"}", metadata);
    }

    @Test
    void formatTwoHashesEveryGovernanceMetadataFieldAndTheSequence() {
        String honest = "{\"actor\":\"user:carol\",\"actorRoles\":\"contributor\",\"authMethod\":\"api-key\",\"credential\":\"key:1\"}";
        AuditEntry entry = AuditEntry.of(withMetadata(honest), AuditEntry.GENESIS, 7);
        assertThat(entry.format()).isEqualTo(AuditEntry.FORMAT);
        assertThat(entry.actorRoles()).isEqualTo("contributor");
        assertThat(entry.hashHolds()).isTrue();
        for (String forged : new String[]{honest.replace("contributor", "admin"), honest.replace("api-key", "system"),
                                          honest.replace("key:1", "key:2")}) {
            assertThat(AuditEntry.of(withMetadata(forged), AuditEntry.GENESIS, 7).hash()).as(forged).isNotEqualTo(entry.hash());
        }
        assertThat(AuditEntry.of(withMetadata(honest), AuditEntry.GENESIS, 8).hash()).as("its place in the chain").isNotEqualTo(entry.hash());
    }

    @Test
    void anEntryOfFormatOneStillVerifiesUnderItsOwnRule() {
        String metadata = "{\"actor\":\"user:carol\",\"credential\":\"key:1\"}";
        AuditEntry old = AuditEntry.of(withMetadata(metadata), AuditEntry.GENESIS);
        assertThat(old.format()).isNull();
        assertThat(old.chainSequence()).isEqualTo(7);
        assertThat(old.hashHolds()).isTrue();
        assertThat(AuditEntry.of(withMetadata(metadata.replace("key:1", "key:2")), AuditEntry.GENESIS).hash())
                .as("format 1 did not hash the credential").isEqualTo(old.hash());
    }
}
