package io.modelledger.contracts.access;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one reading of a request path that access control, routing and the handlers share. The raw
 * (still percent-encoded) path is decoded exactly once; anything that two layers could read differently
 * is refused instead of guessed at: an encoded {@code /}, {@code \} or {@code .}, double encoding
 * ({@code %25}), empty segments ({@code //}, a trailing {@code /}), {@code .} and {@code ..} segments,
 * {@code ;} matrix parameters, control characters and invalid UTF-8. The {@link AccessMatrix} is matched
 * on the decoded result, and the gateway forwards its {@link #canonical canonical} encoding, so the
 * matrix decides on exactly the path the service's handler will see.
 */
public final class RequestPaths {

    /** The path could be read in more than one way; {@link #getMessage()} says why. Answer 400. */
    public static final class AmbiguousPathException extends IllegalArgumentException {
        public AmbiguousPathException(String message) {
            super(message);
        }
    }

    private RequestPaths() {
    }

    /** The decoded path, or an {@link AmbiguousPathException} naming what makes it ambiguous. */
    public static String normalise(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            throw new AmbiguousPathException("the path must start with '/'");
        }
        if (rawPath.length() > 1 && rawPath.endsWith("/")) {
            throw new AmbiguousPathException("the path must not end with '/'");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == ';') {
                throw new AmbiguousPathException("matrix parameters (';') are not accepted in paths");
            }
            if (c == '\\') {
                throw new AmbiguousPathException("'\\' is not accepted in paths");
            }
            if (c == '%') {
                if (i + 2 >= rawPath.length()) {
                    throw new AmbiguousPathException("a truncated percent-encoding");
                }
                int high = Character.digit(rawPath.charAt(i + 1), 16);
                int low = Character.digit(rawPath.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new AmbiguousPathException("an invalid percent-encoding");
                }
                int b = high * 16 + low;
                switch (b) {
                    case '/' -> throw new AmbiguousPathException("an encoded '/' is not accepted in paths");
                    case '\\' -> throw new AmbiguousPathException("an encoded '\\' is not accepted in paths");
                    case '.' -> throw new AmbiguousPathException("an encoded '.' is not accepted in paths");
                    case '%' -> throw new AmbiguousPathException("double percent-encoding ('%25') is not accepted in paths");
                    case ';' -> throw new AmbiguousPathException("an encoded ';' is not accepted in paths");
                    default -> {
                    }
                }
                bytes.write(b);
                i += 2;
            } else if (c > 0x7f) {
                throw new AmbiguousPathException("non-ASCII characters must be percent-encoded");
            } else {
                bytes.write(c);
            }
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                                            .onMalformedInput(CodingErrorAction.REPORT)
                                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                                            .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new AmbiguousPathException("the path is not valid UTF-8");
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || isBidiControl(c)) {
                throw new AmbiguousPathException("control characters are not accepted in paths");
            }
        }
        if (decoded.length() > 1) {
            for (String segment : decoded.substring(1).split("/", -1)) {
                if (segment.isEmpty()) {
                    throw new AmbiguousPathException("empty path segments ('//') are not accepted");
                }
                if (segment.equals(".") || segment.equals("..")) {
                    throw new AmbiguousPathException("'.' and '..' segments are not accepted in paths");
                }
            }
        }
        return decoded;
    }

    /** The normalised path of {@code rawPath}, percent-encoded the one canonical way (only what must be). */
    public static String canonical(String rawPath) {
        String decoded = normalise(rawPath);
        StringBuilder encoded = new StringBuilder(decoded.length() + 8);
        for (byte b : decoded.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '/' || isUnreserved(c) || "!$&'()*+,=:@".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                       .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                || c == '_' || c == '~';
    }

    private static boolean isBidiControl(char c) {
        return (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u200e' || c == '\u200f'
                || c == '\u061c';
    }
}
