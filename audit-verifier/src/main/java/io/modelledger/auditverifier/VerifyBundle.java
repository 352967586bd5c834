package io.modelledger.auditverifier;

import io.modelledger.contracts.audit.AuditBundle;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;

/**
 * {@code java -jar modelledger-audit-verifier.jar <bundle.json> <public key>}: checks a ModelLedger compliance
 * export offline. The key is the base64 text from {@code GET /api/audit/public-key}, or a file holding it.
 * Exit 0 when the bundle is intact, 1 when it is not (naming the first broken entry), 2 on bad arguments.
 */
public final class VerifyBundle {

    private VerifyBundle() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2) {
            err.println("usage: java -jar modelledger-audit-verifier.jar <bundle.json> <public key or key file>");
            return 2;
        }
        try {
            Path keyFile = Path.of(args[1]);
            String keyText = Files.isRegularFile(keyFile) ? Files.readString(keyFile) : args[1];
            PublicKey key = AuditBundle.publicKey(keyText);
            AuditBundle.Result result;
            try (InputStream bundle = new BufferedInputStream(Files.newInputStream(Path.of(args[0])))) {
                result = AuditBundle.verify(bundle, key);
            }
            if (result.valid()) {
                out.printf("VALID: %d entries (positions %s to %s), scope '%s', exported %s by %s, digest %s%n",
                           result.checked(), result.manifest().firstPosition(), result.manifest().lastPosition(),
                           result.manifest().scope(), result.manifest().exportedAt(), result.manifest().exporter(),
                           result.manifest().bundleHash());
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
