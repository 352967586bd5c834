package io.modelledger.contracts.audit;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The audit export key (Ed25519) in the forms operators hold it: a PKCS#8 PEM ({@code -----BEGIN PRIVATE
 * KEY-----}, as {@code openssl genpkey -algorithm ed25519} writes it) or a JWK ({@code {"kty":"OKP",
 * "crv":"Ed25519","d":…,"x":…}}); the public key is derived from the private one. Its id is the first 16 hex
 * digits of the SHA-256 of the base64 X.509 public key, the fingerprint the verifier pins.
 */
public final class AuditKeys {

    private AuditKeys() {
    }

    /** A private key, and its public key, from PEM or JWK text. */
    public static KeyPair parse(String text) throws GeneralSecurityException {
        String trimmed = text.trim();
        byte[] seed;
        if (trimmed.startsWith("{")) {
            JsonNode jwk;
            try {
                jwk = CanonicalJson.MAPPER.readTree(trimmed);
            } catch (IOException e) {
                throw new GeneralSecurityException("The audit key is neither a PEM nor a valid JWK");
            }
            if (!"OKP".equals(jwk.path("kty").asText()) || !"Ed25519".equals(jwk.path("crv").asText()) || !jwk.hasNonNull("d")) {
                throw new GeneralSecurityException("The audit key JWK must be an Ed25519 private key (kty OKP, crv Ed25519, d)");
            }
            seed = Base64.getUrlDecoder().decode(jwk.get("d").asText());
        } else {
            int begin = trimmed.indexOf("-----BEGIN PRIVATE KEY-----");
            int end = trimmed.indexOf("-----END PRIVATE KEY-----");
            if (begin < 0 || end < begin) {
                throw new GeneralSecurityException("The audit key must be a PKCS#8 PEM (BEGIN PRIVATE KEY) or an Ed25519 JWK");
            }
            byte[] der = Base64.getMimeDecoder().decode(trimmed.substring(begin + 27, end));
            PrivateKey parsed = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
            byte[] encoded = parsed.getEncoded();
            seed = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
        }
        if (seed.length != 32) {
            throw new GeneralSecurityException("An Ed25519 private key has 32 bytes");
        }
        return fromSeed(seed);
    }

    /** A new key pair. */
    public static KeyPair generate() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    /** The pair whose private key is {@code seed}: Ed25519 key generation draws exactly the 32-byte seed. */
    static KeyPair fromSeed(byte[] seed) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
            }
        });
        KeyPair pair = generator.generateKeyPair();
        byte[] encoded = pair.getPrivate().getEncoded();
        if (!Arrays.equals(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length), seed)) {
            throw new GeneralSecurityException("Could not derive the audit public key");
        }
        return pair;
    }

    /** The private key as PKCS#8 PEM. */
    public static String toPem(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    public static String publicKeyBase64(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** The key id (and fingerprint) of a public key. */
    public static String keyId(PublicKey key) {
        return AuditEntry.sha256(publicKeyBase64(key)).substring(0, 16);
    }
}
