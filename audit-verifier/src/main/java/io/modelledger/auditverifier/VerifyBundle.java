package io.modelledger.auditverifier;

import io.modelledger.contracts.audit.AuditBundle;
import io.modelledger.contracts.audit.AuditCheckpoint;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar modelledger-audit-verifier.jar <bundle.json> <public key> [--checkpoints <file.jsonl>]}: checks
 * a ModelLedger compliance export offline. The key is pinned: the base64 text from
 * {@code GET /api/audit/public-key} (compare its id with the one you recorded), or a file holding it; a bundle
 * naming another key fails. With {@code --checkpoints}, the bundle is also compared with the checkpoints the
 * platform wrote outside its database: a rewrite (even with every hash recomputed) or a truncation is named.
 * Exit 0 when the bundle is intact, 1 when it is not (naming the first broken entry), 2 on bad arguments.
 */
public final class VerifyBundle {

    private VerifyBundle() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (!(args.length == 2 || (args.length == 4 && args[2].equals("--checkpoints")))) {
            err.println("usage: java -jar modelledger-audit-verifier.jar <bundle.json> <public key or key file> [--checkpoints <file.jsonl>]");
            return 2;
        }
        try {
            List<AuditCheckpoint> checkpoints = new ArrayList<>();
            if (args.length == 4) {
                for (String line : Files.readAllLines(Path.of(args[3]))) {
                    if (!line.isBlank()) {
                        checkpoints.add(AuditCheckpoint.fromJsonLine(line));
                    }
                }
            }
            Path keyFile = Path.of(args[1]);
            String keyText = Files.isRegularFile(keyFile) ? Files.readString(keyFile) : args[1];
            PublicKey key = AuditBundle.publicKey(keyText);
            AuditBundle.Result result;
            try (InputStream bundle = new BufferedInputStream(Files.newInputStream(Path.of(args[0])))) {
                result = AuditBundle.verify(bundle, key, checkpoints);
            }
            if (result.valid()) {
                out.printf("VALID: %d entries (positions %s to %s), scope '%s', exported %s by %s, key %s, digest %s%s%n",
                           result.checked(), result.manifest().firstPosition(), result.manifest().lastPosition(),
                           result.manifest().scope(), result.manifest().exportedAt(), result.manifest().exporter(),
                           result.manifest().keyId(), result.manifest().bundleHash(),
                           checkpoints.isEmpty() ? "" : ", agrees with the " + result.checkpointsChecked()
                                   + " external checkpoint(s) it covers (of " + checkpoints.size() + " in the file)");
                return 0;
            }
            if (result.brokenPosition() != null) {
                out.printf("BROKEN at position %d (event %s): %s%n", result.brokenPosition(), result.brokenEventId(), result.problem());
            } else {
                out.printf("BROKEN: %s%n", result.problem());
            }
            return 1;
        } catch (Exception e) {
            err.println("Cannot verify: " + e.getMessage());
            return 2;
        }
    }
}
