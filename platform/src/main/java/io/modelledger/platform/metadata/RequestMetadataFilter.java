package io.modelledger.platform.metadata;

import io.modelledger.contracts.metadata.Headers;
import io.modelledger.contracts.metadata.MetadataKeys;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Reads the request's governance metadata from the gateway's headers. Until the gateway authenticates
 * (and services verify its internal token), the actor header is trusted as the gateway sets it and is
 * {@code anonymous} when absent.
 */
public class RequestMetadataFilter extends OncePerRequestFilter {

    private static final Pattern TRACEPARENT = Pattern.compile("^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$");
    private static final int MAX_REASON_LENGTH = 2_000;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = header(request, Headers.REQUEST_ID);
        if (requestId == null) {
            requestId = UUID.randomUUID().toString();
        }
        String traceparent = header(request, Headers.TRACEPARENT);
        if (traceparent == null || !TRACEPARENT.matcher(traceparent).matches()) {
            traceparent = newTraceparent();
        }
        String reason = header(request, Headers.REASON);
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            reason = reason.substring(0, MAX_REASON_LENGTH);
        }
        String actor = header(request, Headers.ACTOR);
        RequestMetadata metadata = new RequestMetadata(actor == null ? MetadataKeys.ANONYMOUS : actor,
                                                       header(request, Headers.ACTOR_ROLES),
                                                       defaultIfNull(header(request, Headers.AUTH_METHOD), "none"),
                                                       reason, traceparent, requestId);
        request.setAttribute(RequestMetadata.ATTRIBUTE, metadata);
        response.setHeader(Headers.REQUEST_ID, requestId);
        MDC.put(MetadataKeys.REQUEST_ID, requestId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MetadataKeys.REQUEST_ID);
        }
    }

    private static String header(HttpServletRequest request, String name) {
        String value = request.getHeader(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String defaultIfNull(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static String newTraceparent() {
        HexFormat hex = HexFormat.of();
        byte[] traceId = new byte[16];
        byte[] spanId = new byte[8];
        ThreadLocalRandom.current().nextBytes(traceId);
        ThreadLocalRandom.current().nextBytes(spanId);
        return "00-" + hex.formatHex(traceId) + "-" + hex.formatHex(spanId) + "-01";
    }
}
