package io.modelledger.contracts.audit;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * A signed statement about the audit chain at one moment: the entry at {@code sequence} (store position
 * {@code position}) had hash {@code hash}, and the chain held {@code count} entries up to it. Each is
 * appended to the trail as an event and written to sinks outside the database (an append-only JSONL file,
 * optionally a webhook), so that a rewrite or truncation of the chain in MongoDB, even one that recomputes
 * every hash, disagrees with a checkpoint held elsewhere. Signed with the audit export key ({@code keyId}).
 */
public record AuditCheckpoint(long sequence, long position, String hash, long count, String at, String keyId,
                              String signature) {

    private static final ObjectMapper JSON = CanonicalJson.MAPPER;

    /** Where the chain and an external checkpoint first disagree. */
    public record Disagreement(long sequence, long position, String problem) {
    }

    /** How many checkpoints were compared, and the first disagreement, if any. */
    public record Check(int checked, Disagreement disagreement) {

        public boolean holds() {
            return disagreement == null;
        }
    }

    /**
     * Compares the chain with external checkpoints, oldest first: each must be signed by {@code key}, and the
     * entry at its sequence must still have its hash ({@code recordedHash} gives the hash the chain holds at a
     * sequence, null when it holds none). A checkpoint beyond {@code lastSequence} means the chain was cut.
     */
    public static Check check(java.util.List<AuditCheckpoint> checkpoints, PublicKey key, java.util.function.LongFunction<String> recordedHash,
                              long lastSequence) {
        int checked = 0;
        long agreed = 0;
        for (AuditCheckpoint checkpoint : checkpoints.stream().sorted(java.util.Comparator.comparingLong(AuditCheckpoint::sequence)).toList()) {
            checked++;
            if (!checkpoint.signatureHolds(key)) {
                return new Check(checked, new Disagreement(checkpoint.sequence(), checkpoint.position(),
                        "the checkpoint of " + checkpoint.at() + " is not signed by this key (" + checkpoint.keyId() + ")"));
            }
            if (checkpoint.sequence() > lastSequence) {
                return new Check(checked, new Disagreement(checkpoint.sequence(), checkpoint.position(),
                        "truncated: the checkpoint of " + checkpoint.at() + " vouches for " + checkpoint.sequence()
                                + " entries, but the chain ends at " + lastSequence));
            }
            String recorded = recordedHash.apply(checkpoint.sequence());
            if (recorded == null) {
                return new Check(checked, new Disagreement(checkpoint.sequence(), checkpoint.position(),
                        "the entry the checkpoint of " + checkpoint.at() + " vouches for is missing (deleted)"));
            }
            if (!recorded.equals(checkpoint.hash())) {
                return new Check(checked, new Disagreement(checkpoint.sequence(), checkpoint.position(),
                        "rewritten: the checkpoint of " + checkpoint.at() + " signed hash " + checkpoint.hash()
                                + " for this entry, the chain now holds " + recorded + "; the chain still agrees with "
                                + (agreed == 0 ? "no earlier checkpoint" : "the checkpoint at sequence " + agreed)
                                + ", so the rewrite is after that"));
            }
            agreed = checkpoint.sequence();
        }
        return new Check(checked, null);
    }

    /** The checkpoint signed with {@code key}. */
    public static AuditCheckpoint signed(long sequence, long position, String hash, long count, String at, String keyId,
                                         PrivateKey key) throws GeneralSecurityException {
        AuditCheckpoint unsigned = new AuditCheckpoint(sequence, position, hash, count, at, keyId, null);
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initSign(key);
        ed25519.update(unsigned.signedContent());
        return new AuditCheckpoint(sequence, position, hash, count, at, keyId, Base64.getEncoder().encodeToString(ed25519.sign()));
    }

    /** Whether the signature holds for this content under {@code key}. */
    public boolean signatureHolds(PublicKey key) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(key);
            ed25519.update(signedContent());
            return signature != null && ed25519.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** One line of a checkpoint file (JSONL). */
    public String toJsonLine() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static AuditCheckpoint fromJsonLine(String line) throws IOException {
        return JSON.readValue(line, AuditCheckpoint.class);
    }

    private byte[] signedContent() {
        Map<String, Object> fields = new TreeMap<>();
        fields.put("sequence", sequence);
        fields.put("position", position);
        fields.put("hash", hash);
        fields.put("count", count);
        fields.put("at", at);
        fields.put("keyId", keyId);
        try {
            return JSON.writeValueAsString(fields).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
