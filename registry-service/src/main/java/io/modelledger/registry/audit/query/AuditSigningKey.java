package io.modelledger.registry.audit.query;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.modelledger.contracts.audit.AuditEntry;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.stereotype.Component;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The platform's Ed25519 key that signs audit exports. Configured ({@code modelledger.audit.signing-key}, base64
 * PKCS#8 and {@code modelledger.audit.public-key}, base64 X.509), or generated once and kept in the database so
 * every replica and every restart signs with the same key, and old exports keep verifying.
 */
@Component
public class AuditSigningKey {

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    AuditSigningKey(MongoDatabaseFactory mongo, @Value("${modelledger.audit.signing-key:}") String configuredPrivate,
                    @Value("${modelledger.audit.public-key:}") String configuredPublic) throws GeneralSecurityException {
        String privateKey = configuredPrivate;
        String publicKey = configuredPublic;
        if (privateKey.isBlank() || publicKey.isBlank()) {
            Document stored = loadOrCreate(mongo.getMongoDatabase().getCollection("audit_keys"));
            privateKey = stored.getString("private");
            publicKey = stored.getString("public");
        }
        KeyFactory ed25519 = KeyFactory.getInstance("Ed25519");
        this.privateKey = ed25519.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKey)));
        this.publicKey = ed25519.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey)));
        this.keyId = AuditEntry.sha256(publicKey).substring(0, 16);
    }

    private static Document loadOrCreate(MongoCollection<Document> keys) throws GeneralSecurityException {
        Document stored = keys.find(Filters.eq("_id", "signing")).first();
        if (stored != null) {
            return stored;
        }
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Document created = new Document("_id", "signing")
                .append("private", Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()))
                .append("public", Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
        try {
            keys.insertOne(created);
            return created;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return keys.find(Filters.eq("_id", "signing")).first(); // another replica created it first
            }
            throw e;
        }
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    public String keyId() {
        return keyId;
    }
}
