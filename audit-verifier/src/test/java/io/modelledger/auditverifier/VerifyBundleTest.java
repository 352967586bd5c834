package io.modelledger.auditverifier;

import io.modelledger.contracts.audit.AuditBundle;
import io.modelledger.contracts.audit.AuditEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class VerifyBundleTest {

    @TempDir
    Path dir;

    private static AuditEntry.StoredEvent event(long position, String description) {
        return new AuditEntry.StoredEvent(position, "event-" + position, "io.modelledger.contracts.registry.ModelRegistered", null,
                                          "Model", "model:fraud", position, "2026-03-01T14:00:00Z",
                                          "{\"modelName\":\"fraud\",\"description\":\"" + description + "\"}",
                                          "{\"actor\":\"user:carol\"}");
    }

    private Path bundle(KeyPair keys, String tamperedDescription) throws Exception {
        Path file = dir.resolve("bundle-" + System.nanoTime() + ".json");
        try (OutputStream out = Files.newOutputStream(file); AuditBundle.Writer writer = new AuditBundle.Writer(out)) {
            String previous = AuditEntry.GENESIS;
            for (long position = 1; position <= 3; position++) {
                AuditEntry entry = AuditEntry.of(event(position, "v" + position), previous);
                if (position == 2 && tamperedDescription != null) {
                    AuditEntry edited = AuditEntry.of(event(position, tamperedDescription), previous);
                    entry = new AuditEntry(edited.position(), edited.eventId(), edited.type(), edited.revision(), edited.service(),
                                           edited.aggregateType(), edited.aggregateId(), edited.sequenceNumber(), edited.subject(),
                                           edited.actor(), edited.reason(), edited.traceId(), edited.requestId(),
                                           edited.timestamp(), edited.payload(), previous, entry.hash());
                }
                writer.write(entry);
                previous = entry.hash();
            }
            writer.finish("2026-03-02T00:00:00Z", "user:auditor", "model:fraud", true, "k1", keys.getPrivate());
        }
        return file;
    }

    private static String key(KeyPair keys) {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    private static int run(String bundle, String key, ByteArrayOutputStream out) {
        return VerifyBundle.run(new String[]{bundle, key}, new PrintStream(out), new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void anIntactBundleVerifiesWithThePublicKeyOnly() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(run(bundle(keys, null).toString(), key(keys), out)).isZero();
        assertThat(out.toString()).startsWith("VALID: 3 entries");
    }

    @Test
    void anEditedEntryIsNamed() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(run(bundle(keys, "rewritten").toString(), key(keys), out)).isEqualTo(1);
        assertThat(out.toString()).contains("BROKEN at position 2 (event event-2)");
    }

    @Test
    void anotherKeyOrAnEditedFileFails() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path bundle = bundle(keys, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(run(bundle.toString(), key(other), out)).isEqualTo(1);
        assertThat(out.toString()).contains("signature");

        Path keyFile = dir.resolve("key.txt");
        Files.writeString(keyFile, key(keys));
        Files.writeString(bundle, Files.readString(bundle).replace("\"count\":3", "\"count\":2"));
        ByteArrayOutputStream edited = new ByteArrayOutputStream();
        assertThat(run(bundle.toString(), keyFile.toString(), edited)).isEqualTo(1);
        assertThat(run("missing.json", key(keys), new ByteArrayOutputStream())).isEqualTo(2);
    }
}
