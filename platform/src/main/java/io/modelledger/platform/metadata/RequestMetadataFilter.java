package io.modelledger.platform.metadata;

import io.modelledger.contracts.access.InternalToken;
import io.modelledger.contracts.metadata.Headers;
import io.modelledger.contracts.metadata.MetadataKeys;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Collects the request's governance metadata after authentication: the actor, roles and credential from
 * the gateway's internal token (never from a header), the reason a client gave, the trace context and
 * the request id.
 */
public class RequestMetadataFilter extends OncePerRequestFilter {

    private static final Pattern TRACEPARENT = Pattern.compile("^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$");
    private static final int MAX_REASON_LENGTH = 2_000;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Jwt token = internalToken();
        String requestId = token != null && token.hasClaim(InternalToken.REQUEST_ID)
                ? token.getClaimAsString(InternalToken.REQUEST_ID) : header(request, Headers.REQUEST_ID);
        if (requestId == null || !Headers.REQUEST_ID_FORM.matcher(requestId).matches()) {
            requestId = UUID.randomUUID().toString(); // the gateway sends a well-formed one; a direct caller gets no say over the form
        }
        String traceparent = header(request, Headers.TRACEPARENT);
        if (traceparent == null || !TRACEPARENT.matcher(traceparent).matches()) {
            traceparent = SystemMetadata.newTraceparent();
        }
        String reason = Headers.decodeReason(header(request, Headers.REASON));
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            reason = reason.substring(0, MAX_REASON_LENGTH);
        }
        Long expectedVersion = expectedVersion(request); // -1 when it names no version of ours: it can never match
        RequestMetadata metadata = token == null
                ? new RequestMetadata(MetadataKeys.ANONYMOUS, null, "none", null, reason, traceparent, requestId, expectedVersion)
                : new RequestMetadata(token.getSubject(), token.getClaimAsString(InternalToken.ROLES),
                                      token.getClaimAsString(InternalToken.AUTH_METHOD), credential(token), reason,
                                      traceparent, requestId, expectedVersion);
        request.setAttribute(RequestMetadata.ATTRIBUTE, metadata);
        response.setHeader(Headers.REQUEST_ID, requestId);
        MDC.put(MetadataKeys.REQUEST_ID, requestId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MetadataKeys.REQUEST_ID);
        }
    }

    /** The aggregate version in {@code If-Match: "7"} (ETags are versions); -1 if it is no version; null if absent or *. */
    static Long expectedVersion(HttpServletRequest request) {
        String ifMatch = header(request, "If-Match");
        if (ifMatch == null || ifMatch.equals("*")) {
            return null;
        }
        String tag = ifMatch.startsWith("W/") ? ifMatch.substring(2) : ifMatch;
        tag = tag.replace("\"", "").trim();
        try {
            return Long.parseLong(tag);
        } catch (NumberFormatException e) {
            return -1L;
        }
    }

    private static Jwt internalToken() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof JwtAuthenticationToken jwt ? jwt.getToken() : null;
    }

    private static String credential(Jwt token) {
        if (token.hasClaim(InternalToken.KEY_ID)) {
            return "key:" + token.getClaimAsString(InternalToken.KEY_ID);
        }
        if (token.hasClaim(InternalToken.IDENTITY_ISSUER)) {
            return "oidc:" + token.getClaimAsString(InternalToken.IDENTITY_ISSUER);
        }
        return null;
    }

    private static String header(HttpServletRequest request, String name) {
        String value = request.getHeader(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
