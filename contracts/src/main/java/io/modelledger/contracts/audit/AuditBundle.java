package io.modelledger.contracts.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.Map;
import java.util.TreeMap;

/**
 * A compliance export: {@code {"entries": [...], "manifest": {...}, "signature": "..."}}, written and read as a
 * stream. The manifest counts the entries, names the first and last position and the digest of the entry
 * hashes in order, and is signed with Ed25519; a bundle of the whole log in one range also carries each
 * link of the chain. Anyone holding the platform's public key can check a bundle offline.
 */
public final class AuditBundle {

    public static final String FORMAT = "modelledger-audit-bundle/1";
    private static final ObjectMapper JSON = CanonicalJson.MAPPER;

    private AuditBundle() {
    }

    public record Manifest(String format, String exportedAt, String exporter, String scope, long count, Long firstPosition,
                           Long lastPosition, String bundleHash, boolean contiguous, String keyId) {
    }

    /** The first entry that does not check out, or why the bundle as a whole does not. */
    public record Result(boolean valid, long checked, Long brokenPosition, String brokenEventId, String problem, Manifest manifest,
                         int checkpointsChecked) {

        public Result(boolean valid, long checked, Long brokenPosition, String brokenEventId, String problem, Manifest manifest) {
            this(valid, checked, brokenPosition, brokenEventId, problem, manifest, 0);
        }
    }

    /** Writes a bundle entry by entry; call {@link #finish} once all are written. */
    public static final class Writer implements AutoCloseable {
        private final JsonGenerator json;
        private String digest = AuditEntry.GENESIS;
        private long count;
        private Long first;
        private Long last;

        public Writer(OutputStream out) throws IOException {
            json = JSON.getFactory().createGenerator(out);
            json.writeStartObject();
            json.writeArrayFieldStart("entries");
        }

        public void write(AuditEntry entry) throws IOException {
            JSON.writeValue(json, entry);
            digest = AuditEntry.sha256(digest + entry.hash());
            count++;
            first = first == null ? entry.position() : first;
            last = entry.position();
        }

        public Manifest finish(String exportedAt, String exporter, String scope, boolean contiguous, String keyId, PrivateKey key)
                throws IOException, GeneralSecurityException {
            Manifest manifest = new Manifest(FORMAT, exportedAt, exporter, scope, count, first, last, digest, contiguous, keyId);
            return finish(manifest, sign(manifest, key));
        }

        /** Closes the bundle with a manifest of what was written, signed by {@code signer} (which holds the key). */
        public Manifest finish(String exportedAt, String exporter, String scope, boolean contiguous, String keyId,
                               Function<Manifest, String> signer) throws IOException {
            Manifest manifest = new Manifest(FORMAT, exportedAt, exporter, scope, count, first, last, digest, contiguous, keyId);
            return finish(manifest, signer.apply(manifest));
        }

        private Manifest finish(Manifest manifest, String signature) throws IOException {
            json.writeEndArray();
            json.writeObjectField("manifest", manifest);
            json.writeStringField("signature", signature);
            json.writeEndObject();
            json.flush();
            return manifest;
        }

        @Override
        public void close() throws IOException {
            json.close();
        }
    }

    /** Checks a bundle against the platform's public key, reading it as a stream. */
    public static Result verify(InputStream bundle, PublicKey key) throws IOException {
        return verify(bundle, key, List.of());
    }

    /**
     * Checks a bundle against the platform's public key and against checkpoints kept outside the database:
     * the entry at each checkpoint's sequence must carry the hash the checkpoint signed, and a bundle of the
     * whole trail must reach the newest checkpoint (else it was truncated).
     */
    public static Result verify(InputStream bundle, PublicKey key, List<AuditCheckpoint> checkpoints) throws IOException {
        java.util.Set<Long> vouched = new java.util.HashSet<>();
        checkpoints.forEach(c -> vouched.add(c.sequence()));
        Map<Long, String> hashes = new java.util.HashMap<>();
        long lastSequence = 0;
        try (JsonParser parser = JSON.getFactory().createParser(bundle)) {
            String digest = AuditEntry.GENESIS;
            long checked = 0;
            AuditEntry previous = null;
            Result broken = null;
            Result unlinked = null;
            AuditEntry startsLate = null;
            AuditEntry gap = null;
            Manifest manifest = null;
            String signature = null;
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new Result(false, 0, null, null, "not a bundle", null);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "entries" -> {
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            AuditEntry entry = JSON.readValue(parser, AuditEntry.class);
                            checked++;
                            lastSequence = Math.max(lastSequence, entry.chainSequence());
                            if (vouched.contains(entry.chainSequence())) {
                                hashes.put(entry.chainSequence(), entry.hash());
                            }
                            if (broken == null) {
                                String problem = !entry.hashHolds() ? "the entry's content does not match its hash"
                                        : previous != null && entry.chainSequence() <= previous.chainSequence() ? "entries are out of order"
                                        : null;
                                if (problem == null && previous == null && entry.format() != null
                                        && (entry.chainSequence() != 1 || !AuditEntry.GENESIS.equals(entry.previousHash()))) {
                                    startsLate = entry; // a whole-trail bundle must begin at the chain's first link
                                }
                                if (problem == null && previous != null && entry.format() != null && previous.format() != null
                                        && entry.chainSequence() != previous.chainSequence() + 1) {
                                    gap = gap == null ? entry : gap; // format 2 has no holes: a missing link in a whole-trail bundle
                                }
                                if (problem != null) {
                                    broken = new Result(false, checked, entry.position(), entry.eventId(), problem, null);
                                }
                            }
                            if (unlinked == null && previous != null && !entry.previousHash().equals(previous.hash())) {
                                unlinked = new Result(false, checked, entry.position(), entry.eventId(),
                                                      "the entry does not link to the one before it", null);
                            }
                            digest = AuditEntry.sha256(digest + entry.hash());
                            previous = entry;
                        }
                    }
                    case "manifest" -> manifest = JSON.readValue(parser, Manifest.class);
                    case "signature" -> signature = parser.getValueAsString();
                    default -> parser.skipChildren();
                }
            }
            if (manifest == null || signature == null) {
                return new Result(false, checked, null, null, "the bundle has no signed manifest", manifest);
            }
            if (manifest.keyId() != null && !manifest.keyId().equals(AuditKeys.keyId(key))) {
                return new Result(false, checked, null, null, "the bundle names key " + manifest.keyId() + ", not the pinned key "
                        + AuditKeys.keyId(key), manifest);
            }
            if (!signatureHolds(manifest, signature, key)) {
                return new Result(false, checked, null, null, "the manifest's signature does not verify with this key", manifest);
            }
            if (broken == null && manifest.contiguous()) {
                broken = unlinked;
                if (broken == null && startsLate != null) {
                    broken = new Result(false, checked, startsLate.position(), startsLate.eventId(),
                                        "the trail does not begin at the chain's first entry: entries before it were removed", null);
                }
                if (broken == null && gap != null) {
                    broken = new Result(false, checked, gap.position(), gap.eventId(), "entries before this one were removed", null);
                }
            }
            if (broken != null) {
                return new Result(false, broken.checked(), broken.brokenPosition(), broken.brokenEventId(), broken.problem(), manifest);
            }
            if (manifest.count() != checked || !manifest.bundleHash().equals(digest)) {
                return new Result(false, checked, null, null, "entries were added, removed or replaced after signing", manifest);
            }
            List<AuditCheckpoint> applicable = manifest.contiguous() ? checkpoints
                    : checkpoints.stream().filter(c -> hashes.containsKey(c.sequence())).toList();
            AuditCheckpoint.Check check = AuditCheckpoint.check(applicable, key, hashes::get, lastSequence);
            if (!check.holds()) {
                return new Result(false, checked, check.disagreement().position(), null, check.disagreement().problem(), manifest,
                                  check.checked());
            }
            return new Result(true, checked, null, null, null, manifest, check.checked());
        }
    }

    public static String sign(Manifest manifest, PrivateKey key) throws GeneralSecurityException {
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initSign(key);
        ed25519.update(canonical(manifest));
        return Base64.getEncoder().encodeToString(ed25519.sign());
    }

    static boolean signatureHolds(Manifest manifest, String signature, PublicKey key) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(key);
            ed25519.update(canonical(manifest));
            return ed25519.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** A public key as published ({@code GET /api/audit/public-key}): base64 of its X.509 encoding. */
    public static PublicKey publicKey(String base64) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64.trim())));
    }

    /** A public key as people keep it: a PEM ({@code -----BEGIN PUBLIC KEY-----}) or the base64 text alone. */
    public static PublicKey publicKeyFromText(String pemOrBase64) throws GeneralSecurityException {
        String base64 = pemOrBase64.strip().replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                                   .replaceAll("\\s", "");
        return publicKey(base64);
    }

    private static byte[] canonical(Manifest manifest) {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = new TreeMap<>(JSON.convertValue(manifest, Map.class));
        try {
            return JSON.writeValueAsString(fields).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
