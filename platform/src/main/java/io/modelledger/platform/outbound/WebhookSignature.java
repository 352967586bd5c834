package io.modelledger.platform.outbound;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * How every webhook ModelLedger sends is signed: {@code X-ModelLedger-Signature: sha256=<hex>}, the
 * HMAC-SHA256 under the webhook's secret of {@code <X-ModelLedger-Timestamp>.<body>}.
 */
public final class WebhookSignature {

    public static final String SIGNATURE = "X-ModelLedger-Signature";
    public static final String TIMESTAMP = "X-ModelLedger-Timestamp";

    private WebhookSignature() {
    }

    /** The hex HMAC-SHA256 of {@code content} under {@code secret}. */
    public static String hmac(String secret, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The signature header's value for a body sent at {@code timestamp}. */
    public static String header(String secret, String timestamp, String body) {
        return "sha256=" + hmac(secret, timestamp + "." + body);
    }
}
