package io.modelledger.console.audit;

import io.modelledger.console.ConsoleProperties;
import io.modelledger.contracts.audit.AuditBundle;
import io.modelledger.contracts.audit.AuditKeys;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Optional;

/**
 * The audit trail's public key as whoever runs the console pinned it ({@code modelledger.console.audit-public-key}: a
 * PEM, its base64, or a file holding either). Exports are verified against this key only, never against one the
 * exporting server hands out: a server that rewrote its trail and its key would otherwise vouch for itself. A key
 * that does not parse stops the console from starting, rather than verifying nothing.
 */
@Component
class PinnedAuditKey {

    private final PublicKey key;

    PinnedAuditKey(ConsoleProperties properties) {
        this.key = parse(properties.auditPublicKey());
    }

    Optional<PublicKey> key() {
        return Optional.ofNullable(key);
    }

    Optional<String> keyId() {
        return key().map(AuditKeys::keyId);
    }

    private static PublicKey parse(String configured) {
        if (configured == null || configured.isBlank()) {
            return null;
        }
        try {
            String text = configured;
            if (configured.length() < 4096 && !configured.contains("BEGIN") && Files.isRegularFile(Path.of(configured.strip()))) {
                text = Files.readString(Path.of(configured.strip()));
            }
            return AuditBundle.publicKeyFromText(text);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("modelledger.console.audit-public-key is not an Ed25519 public key (PEM, base64 or a file "
                                            + "holding either): " + e.getMessage(), e);
        }
    }
}
