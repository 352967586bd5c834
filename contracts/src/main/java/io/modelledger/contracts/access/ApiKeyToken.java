package io.modelledger.contracts.access;

import io.modelledger.contracts.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An API key as presented by a client: {@code mlk_<keyId>_<secret>}, a public 16-hex-digit key id and a
 * 256-bit secret. {@link #toString()} never shows the secret, so a key cannot leak into a log by accident.
 */
public final class ApiKeyToken {

    public static final String PREFIX = "mlk_";
    private static final Pattern FORMAT = Pattern.compile("^mlk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$");

    private final String keyId;
    private final String secret;

    private ApiKeyToken(String keyId, String secret) {
        this.keyId = keyId;
        this.secret = secret;
    }

    public static ApiKeyToken generate(SecureRandom random) {
        byte[] id = new byte[8];
        random.nextBytes(id);
        return generate(HexFormat.of().formatHex(id), random);
    }

    /** A fresh secret for a key id chosen before (a fixed bootstrap id, a key requested before it was approved). */
    public static ApiKeyToken generate(String keyId, SecureRandom random) {
        if (!keyId.matches("[0-9a-f]{16}")) {
            throw new IllegalArgumentException("a key id is 16 lowercase hex digits");
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return new ApiKeyToken(keyId, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** The key in a presented credential, if it has the form of one. */
    public static Optional<ApiKeyToken> parse(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        Matcher matcher = FORMAT.matcher(presented.trim());
        return matcher.matches() ? Optional.of(new ApiKeyToken(matcher.group(1), matcher.group(2))) : Optional.empty();
    }

    public static boolean looksLikeKey(String presented) {
        return presented != null && presented.startsWith(PREFIX);
    }

    public String keyId() {
        return keyId;
    }

    /** Hex SHA-256 of the secret: what is stored and compared. */
    public String secretSha256() {
        return Sha256.hex(secret.getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether this key's secret hashes to {@code storedSha256}, compared in constant time. */
    public boolean matches(String storedSha256) {
        return storedSha256 != null && MessageDigest.isEqual(secretSha256().getBytes(StandardCharsets.US_ASCII),
                                                             storedSha256.getBytes(StandardCharsets.US_ASCII));
    }

    /** The full key, to hand to its owner once. */
    public String reveal() {
        return PREFIX + keyId + "_" + secret;
    }

    @Override
    public String toString() {
        return PREFIX + keyId + "_…";
    }
}
