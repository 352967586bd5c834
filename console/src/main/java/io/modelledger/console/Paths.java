package io.modelledger.console;

import org.springframework.web.util.UriUtils;

import java.nio.charset.StandardCharsets;

/** Console links built from names the API gave: each name one encoded path segment. */
public final class Paths {

    private Paths() {
    }

    public static String segment(String value) {
        return UriUtils.encodePathSegment(value, StandardCharsets.UTF_8);
    }
}
