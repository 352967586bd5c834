package io.modelledger.cli;

import io.modelledger.contracts.audit.AuditBundle;
import io.modelledger.contracts.audit.AuditCheckpoint;
import io.modelledger.contracts.audit.AuditEntry;
import io.modelledger.contracts.audit.AuditKeys;
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

/** {@code modelledger audit verify}: a compliance bundle checked offline with the public key alone, and with the external checkpoints. */
class AuditVerifyTest {

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
                AuditEntry entry = AuditEntry.of(event(position, "v" + position), previous, position);
                if (position == 2 && tamperedDescription != null) {
                    entry = AuditEntry.of(event(position, tamperedDescription), previous, position).withRecorded(previous, entry.hash());
                }
                writer.write(entry);
                previous = entry.hash();
            }
            writer.finish("2026-03-02T00:00:00Z", "user:auditor", "model:fraud", true, AuditKeys.keyId(keys.getPublic()),
                          keys.getPrivate());
        }
        return file;
    }

    /** A whole-trail bundle of {@code count} entries whose event 2 says {@code description}, every hash computed afresh. */
    private Path recomputed(KeyPair keys, int count, String description) throws Exception {
        Path file = dir.resolve("bundle-" + System.nanoTime() + ".json");
        try (OutputStream out = Files.newOutputStream(file); AuditBundle.Writer writer = new AuditBundle.Writer(out)) {
            String previous = AuditEntry.GENESIS;
            for (long position = 1; position <= count; position++) {
                AuditEntry entry = AuditEntry.of(event(position, position == 2 ? description : "v" + position), previous, position);
                writer.write(entry);
                previous = entry.hash();
            }
            writer.finish("2026-03-02T00:00:00Z", "user:attacker", "all", true, AuditKeys.keyId(keys.getPublic()), keys.getPrivate());
        }
        return file;
    }

    /** The checkpoint an honest platform signed at sequence 3 of the original trail. */
    private Path checkpointFile(KeyPair keys) throws Exception {
        String previous = AuditEntry.GENESIS;
        AuditEntry third = null;
        for (long position = 1; position <= 3; position++) {
            third = AuditEntry.of(event(position, "v" + position), previous, position);
            previous = third.hash();
        }
        Path file = dir.resolve("checkpoints-" + System.nanoTime() + ".jsonl");
        Files.writeString(file, AuditCheckpoint.signed(3, 3, third.hash(), 3, "2026-03-01T15:00:00Z",
                                                        AuditKeys.keyId(keys.getPublic()), keys.getPrivate()).toJsonLine() + "\n");
        return file;
    }

    private static String key(KeyPair keys) {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    private static int run(String bundle, String key, ByteArrayOutputStream out) {
        return verify(out, bundle, "--key", key);
    }

    private static int verify(ByteArrayOutputStream out, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "audit";
        all[1] = "verify";
        System.arraycopy(args, 0, all, 2, args.length);
        return ModelLedger.run(all, java.util.Map.of(), new PrintStream(out), new PrintStream(new ByteArrayOutputStream()));
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
        assertThat(out.toString()).contains("not the pinned key " + AuditKeys.keyId(other.getPublic()));

        Path keyFile = dir.resolve("key.txt");
        Files.writeString(keyFile, key(keys));
        Files.writeString(bundle, Files.readString(bundle).replace("\"count\":3", "\"count\":2"));
        ByteArrayOutputStream edited = new ByteArrayOutputStream();
        assertThat(run(bundle.toString(), keyFile.toString(), edited)).isEqualTo(1);
        assertThat(run("missing.json", key(keys), new ByteArrayOutputStream())).isEqualTo(2);
    }

    @Test
    void aRewriteWithEveryHashRecomputedDisagreesWithTheExternalCheckpoint() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path checkpoints = checkpointFile(keys);
        Path honest = recomputed(keys, 3, "v2");
        Path rewritten = recomputed(keys, 3, "rewritten");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(verify(out, honest.toString(), "--key", key(keys), "--checkpoints", checkpoints.toString())).isZero();
        assertThat(out.toString()).contains("agrees with the 1 external checkpoint(s) it covers");
        ByteArrayOutputStream broken = new ByteArrayOutputStream();
        assertThat(run(rewritten.toString(), key(keys), new ByteArrayOutputStream())).as("without checkpoints it looks intact").isZero();
        assertThat(verify(broken, rewritten.toString(), "--key", key(keys), "--checkpoints", checkpoints.toString())).isEqualTo(1);
        assertThat(broken.toString()).contains("BROKEN at position 3", "rewritten");
    }

    @Test
    void aTruncatedTrailIsNamed() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path checkpoints = checkpointFile(keys);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(verify(out, recomputed(keys, 2, "v2").toString(), "--key", key(keys), "--checkpoints", checkpoints.toString()))
                .isEqualTo(1);
        assertThat(out.toString()).contains("truncated", "vouches for 3 entries, but the chain ends at 2");
    }

    @Test
    void aPemKeyAndJsonOutputNameTheBrokenEntry() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path pem = dir.resolve("audit-key.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + key(keys) + "\n-----END PUBLIC KEY-----\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(verify(out, bundle(keys, "rewritten").toString(), "--key", pem.toString(), "--json")).isEqualTo(1);
        com.fasterxml.jackson.databind.JsonNode result = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
        assertThat(result.path("valid").asBoolean()).isFalse();
        assertThat(result.path("brokenPosition").asLong()).isEqualTo(2);
        assertThat(result.path("brokenEventId").asText()).isEqualTo("event-2");
    }
}
