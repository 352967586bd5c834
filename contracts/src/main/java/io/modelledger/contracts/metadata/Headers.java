package io.modelledger.contracts.metadata;

/**
 * HTTP headers of the API. Identity travels only in the gateway's internal token; the identity headers
 * listed here are stripped from every request by the gateway, so a client cannot name an actor.
 */
public final class Headers {

    public static final String REQUEST_ID = "X-Request-Id";
    /** A request id a client may choose (else one is assigned); services take only one of this form from the header. */
    public static final java.util.regex.Pattern REQUEST_ID_FORM = java.util.regex.Pattern.compile("^[A-Za-z0-9._:-]{8,128}$");
    public static final String ACTOR = "X-ModelLedger-Actor";
    public static final String ACTOR_ROLES = "X-ModelLedger-Actor-Roles";
    public static final String AUTH_METHOD = "X-ModelLedger-Auth-Method";
    /** Set by clients: why they make the change. Recorded as the event's {@code reason}. */
    public static final String REASON = "X-ModelLedger-Reason";
    public static final String TRACEPARENT = "traceparent";

    /** Headers that only the gateway may set; a client's values are removed. */
    public static final java.util.List<String> IDENTITY = java.util.List.of(ACTOR, ACTOR_ROLES, AUTH_METHOD);

    /** The prefix of a reason written in any language (RFC 8187's form): {@code UTF-8''} then its percent-encoded UTF-8 bytes. */
    public static final String UTF8_PREFIX = "UTF-8''";

    private Headers() {
    }

    /**
     * A reason as a header value: printable ASCII as it is; anything else (an apostrophe ’, a dash —, any script) as
     * {@value #UTF8_PREFIX} and its UTF-8 bytes percent-encoded, since an HTTP header carries no more than ASCII safely.
     * Line breaks become spaces: a reason is one line.
     */
    public static String encodeReason(String reason) {
        String line = reason.strip().replaceAll("\\p{Cntrl}+", " ");
        if (printableAscii(line) && !line.startsWith(UTF8_PREFIX)) {
            return line;
        }
        StringBuilder encoded = new StringBuilder(UTF8_PREFIX);
        for (byte b : line.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~ ".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }

    /** Whether the text is printable ASCII only (0x20 to 0x7E), which any header carries as it is. */
    public static boolean printableAscii(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** The reason a header value carries: {@link #encodeReason}'s form decoded (case-insensitive prefix); anything else as sent. */
    public static String decodeReason(String value) {
        if (value == null || !value.regionMatches(true, 0, UTF8_PREFIX, 0, UTF8_PREFIX.length())) {
            return value;
        }
        try {
            return java.net.URLDecoder.decode(value.substring(UTF8_PREFIX.length()).replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return value;
        }
    }
}
