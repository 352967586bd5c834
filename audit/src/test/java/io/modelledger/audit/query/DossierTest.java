package io.modelledger.audit.query;

import io.modelledger.contracts.audit.AuditEntry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DossierTest {

    private static AuditEntry entry(long position, String type, String payload, String actor) {
        return AuditEntry.of(new AuditEntry.StoredEvent(position, "e-" + position, "io.modelledger.contracts.registry." + type, null,
                                                        "Model", "model:x", position, "2026-03-01T14:00:00Z", payload,
                                                        "{\"actor\":\"" + actor + "\"}"), AuditEntry.GENESIS, position);
    }

    @Test
    void whatUsersWroteIsEscapedInThePrintableDossier() {
        String html = Dossier.render("x", List.of(
                entry(1, "ModelRegistered", "{\"modelName\":\"x\",\"description\":\"<script>alert(1)</script>\"}", "user:<b>eve</b>"),
                entry(2, "ModelVersionDeprecated", "{\"modelName\":\"x\",\"version\":1,\"reason\":\"<img src=x onerror=alert(2)>\"}",
                      "user:carol")), null, "user:auditor\"><script>", java.time.Instant.parse("2026-03-01T14:00:00Z"));
        assertThat(html).doesNotContain("<script>", "<img", "<b>eve");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;");
    }
}
