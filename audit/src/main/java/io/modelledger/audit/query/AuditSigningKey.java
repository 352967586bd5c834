package io.modelledger.audit.query;

import io.modelledger.contracts.audit.AuditKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * The platform's Ed25519 key that signs audit exports and checkpoints. It lives outside the database it
 * vouches for: given as PEM or JWK text ({@code modelledger.audit.signing-key}, e.g. the environment
 * variable {@code MODELLEDGER_AUDIT_SIGNING_KEY}) or file ({@code modelledger.audit.signing-key-file}, e.g.
 * a mounted secret). Only standalone mode, which sets {@code modelledger.audit.generate-key-in} to its data
 * directory, may generate one: once, into a file there. Anywhere else a missing key stops the service at
 * start, because a key generated next to the data could be replaced by whoever can replace the data.
 */
@Component
public class AuditSigningKey {

    static final String GENERATED_FILE = "audit-signing-key.pem";
    private static final Logger log = LoggerFactory.getLogger(AuditSigningKey.class);

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    AuditSigningKey(@Value("${modelledger.audit.signing-key:}") String configured,
                    @Value("${modelledger.audit.signing-key-file:}") String configuredFile,
                    @Value("${modelledger.audit.generate-key-in:}") String generateIn) throws GeneralSecurityException {
        KeyPair pair = load(configured, configuredFile, generateIn);
        this.privateKey = pair.getPrivate();
        this.publicKey = pair.getPublic();
        this.keyId = AuditKeys.keyId(publicKey);
        log.info("Audit signing key {} (public key {})", keyId, AuditKeys.publicKeyBase64(publicKey));
    }

    private static KeyPair load(String configured, String configuredFile, String generateIn) throws GeneralSecurityException {
        if (!configured.isBlank()) {
            return AuditKeys.parse(configured);
        }
        try {
            if (!configuredFile.isBlank()) {
                return AuditKeys.parse(Files.readString(Path.of(configuredFile)));
            }
            if (!generateIn.isBlank()) {
                return generatedOnce(Path.of(generateIn).resolve(GENERATED_FILE));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the audit signing key: " + e.getMessage(), e);
        }
        throw new IllegalStateException("No audit signing key: set modelledger.audit.signing-key-file (a PKCS#8 PEM or an Ed25519 "
                + "JWK, e.g. a mounted secret) or MODELLEDGER_AUDIT_SIGNING_KEY; only standalone mode generates one");
    }

    /** The key in {@code file}, generated there first if it does not exist yet (readable by the owner only). */
    private static KeyPair generatedOnce(Path file) throws IOException, GeneralSecurityException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            KeyPair pair = AuditKeys.generate();
            try {
                Files.writeString(file, AuditKeys.toPem(pair.getPrivate()), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                                  StandardOpenOption.SYNC);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // the file system has no POSIX permissions: nothing to narrow
                }
                log.warn("Generated the audit signing key into {}; keep a copy outside this machine", file);
            } catch (FileAlreadyExistsException anotherProcess) {
                // generated meanwhile by another process: read theirs
            }
        }
        return AuditKeys.parse(Files.readString(file));
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String publicKeyBase64() {
        return AuditKeys.publicKeyBase64(publicKey);
    }

    public String keyId() {
        return keyId;
    }
}
