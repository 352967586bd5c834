package io.modelledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelledger.contracts.audit.AuditBundle;
import io.modelledger.contracts.audit.AuditCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

@Command(name = "audit", mixinStandardHelpOptions = true, description = "The audit trail: signed exports, their offline verification, the signing key.",
         subcommands = {Audit.Export.class, Audit.Verify.class, Audit.PublicKeyCommand.class})
final class Audit {

    @Command(name = "export", description = "Downloads a signed compliance bundle of the trail (auditors and admins); the export is itself recorded.")
    static final class Export extends Base {
        @Option(names = "--subject", paramLabel = "SUBJECT", description = "Only this subject's entries, e.g. model:fraud.")
        String subject;
        @Option(names = "--from", paramLabel = "INSTANT", description = "ISO-8601, e.g. 2026-01-01T00:00:00Z")
        Instant from;
        @Option(names = "--to", paramLabel = "INSTANT")
        Instant to;
        @Option(names = "--out", required = true, paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() throws Exception {
            api().download("/api/audit/exports" + Api.query("subject", subject, "from", from == null ? null : from.toString(),
                                                            "to", to == null ? null : to.toString()), file);
            ObjectNode written = object().put("file", file.toString()).put("bytes", Files.size(file));
            emit(written, () -> out().println("Wrote " + file + " (" + written.path("bytes").asLong() + " bytes). Verify it offline: "
                                                      + "modelledger audit verify " + file + " --key audit-key.pem"));
            return ModelLedger.OK;
        }
    }

    @Command(name = "verify", description = {"Checks a bundle offline, with only the platform's public key (pinned: a bundle signed by another key fails).",
            "With --checkpoints, also against the checkpoints the platform wrote outside its database: a rewrite, even with every hash",
            "recomputed, or a truncation is named. Exits 0 when intact, 1 when not (naming the first broken entry)."})
    static final class Verify extends Base {
        @Parameters(paramLabel = "BUNDLE")
        Path bundle;
        @Option(names = "--key", required = true, paramLabel = "FILE|BASE64",
                description = "The public key: a PEM file (audit public-key --out), a file with the base64 text, or the text itself.")
        String key;
        @Option(names = "--checkpoints", paramLabel = "FILE", description = "The checkpoint file (JSON lines) the platform writes outside its database.")
        Path checkpointFile;

        @Override
        public Integer call() throws Exception {
            List<AuditCheckpoint> checkpoints = new ArrayList<>();
            if (checkpointFile != null) {
                if (!Files.isRegularFile(checkpointFile)) {
                    throw new ModelLedger.UsageError("--checkpoints: no file " + checkpointFile);
                }
                for (String line : Files.readAllLines(checkpointFile)) {
                    if (!line.isBlank()) {
                        checkpoints.add(AuditCheckpoint.fromJsonLine(line));
                    }
                }
            }
            if (!Files.isRegularFile(bundle)) {
                throw new ModelLedger.UsageError("no bundle " + bundle);
            }
            PublicKey publicKey = publicKey(key);
            AuditBundle.Result result = verified(publicKey, checkpoints);
            ObjectNode document = object().put("valid", result.valid()).put("entries", result.checked());
            if (result.manifest() != null) {
                document.set("manifest", JSON.valueToTree(result.manifest()));
            }
            if (!checkpoints.isEmpty()) {
                document.put("checkpointsChecked", result.checkpointsChecked()).put("checkpointsInFile", checkpoints.size());
            }
            if (!result.valid()) {
                document.put("brokenPosition", result.brokenPosition()).put("brokenEventId", result.brokenEventId()).put("problem", result.problem());
            }
            emit(document, () -> {
                if (result.valid()) {
                    out().printf("VALID: %d entries (positions %s to %s), scope '%s', exported %s by %s, key %s, digest %s%s%n",
                                 result.checked(), result.manifest().firstPosition(), result.manifest().lastPosition(),
                                 result.manifest().scope(), result.manifest().exportedAt(), result.manifest().exporter(),
                                 result.manifest().keyId(), result.manifest().bundleHash(),
                                 checkpoints.isEmpty() ? "" : ", agrees with the " + result.checkpointsChecked()
                                         + " external checkpoint(s) it covers (of " + checkpoints.size() + " in the file)");
                } else if (result.brokenPosition() != null) {
                    out().printf("BROKEN at position %d (event %s): %s%n", result.brokenPosition(), result.brokenEventId(), result.problem());
                } else {
                    out().printf("BROKEN: %s%n", result.problem());
                }
            });
            return result.valid() ? ModelLedger.OK : ModelLedger.GATE_FAILED;
        }

        private AuditBundle.Result verified(PublicKey publicKey, List<AuditCheckpoint> checkpoints) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(bundle))) {
                return AuditBundle.verify(in, publicKey, checkpoints);
            } catch (java.io.IOException | java.io.UncheckedIOException | IllegalArgumentException | IllegalStateException unreadable) {
                // a cut or mangled file is a bundle that does not verify, not a usage error
                String why = unreadable.getMessage() == null ? unreadable.toString() : unreadable.getMessage().lines().findFirst().orElse("");
                return new AuditBundle.Result(false, 0, null, null, "not a readable bundle: " + why, null);
            }
        }

        /** A PEM file, a file holding the base64 text (or the JSON of GET /api/audit/public-key), or the base64 text itself. */
        static PublicKey publicKey(String given) throws Exception {
            Path file = Path.of(given.length() > 4096 ? "" : given);
            String text = given.length() <= 4096 && Files.isRegularFile(file) ? Files.readString(file) : given;
            String trimmed = text.strip();
            if (trimmed.startsWith("{")) {
                trimmed = JSON.readTree(trimmed).path("publicKey").asText("");
            }
            try {
                return AuditBundle.publicKeyFromText(trimmed);
            } catch (Exception e) {
                throw new ModelLedger.UsageError("--key is not an Ed25519 public key (PEM, or the base64 text of GET /api/audit/public-key): "
                                                         + e.getMessage());
            }
        }
    }

    @Command(name = "public-key", description = "Fetches the platform's audit signing key, as PEM; compare its id with the one you recorded.")
    static final class PublicKeyCommand extends Base {
        @Option(names = "--out", paramLabel = "FILE", description = "Write the PEM here (else it is printed).")
        Path file;

        @Override
        public Integer call() throws Exception {
            JsonNode key = api().get("/api/audit/public-key");
            String base64 = key.path("publicKey").asText();
            StringBuilder pem = new StringBuilder("-----BEGIN PUBLIC KEY-----\n");
            for (int i = 0; i < base64.length(); i += 64) {
                pem.append(base64, i, Math.min(base64.length(), i + 64)).append('\n');
            }
            pem.append("-----END PUBLIC KEY-----\n");
            if (file != null) {
                Files.writeString(file, pem);
            }
            ObjectNode document = ((ObjectNode) key.deepCopy()).put("pem", pem.toString());
            emit(document, () -> {
                if (file == null) {
                    out().print(pem);
                }
                out().println((file == null ? "" : "Wrote " + file + ". ") + "Key id: " + key.path("keyId").asText());
            });
            return ModelLedger.OK;
        }
    }
}
