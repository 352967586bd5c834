package io.modelledger.platform.security;

import io.modelledger.contracts.access.RequestPaths;
import io.modelledger.platform.web.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * A service's first filter: a path that could be read two ways ({@link RequestPaths}) is answered 400
 * before authentication, so the access matrix and the handler mapping always read one and the same path.
 */
public class PathNormalisationFilter extends OncePerRequestFilter {

    private final ProblemWriter problems;

    public PathNormalisationFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            RequestPaths.normalise(request.getRequestURI().substring(request.getContextPath().length()));
        } catch (RequestPaths.AmbiguousPathException e) {
            problems.write(request, response, HttpStatus.BAD_REQUEST, "ambiguous-path", "Ambiguous path", e.getMessage());
            return;
        }
        String[] refused = refusedParameter(request.getQueryString());
        if (refused != null) {
            problems.write(request, response, HttpStatus.BAD_REQUEST, "validation", "Invalid request", refused[1], refused[0]);
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * The first query parameter no handler should see, as {name, reason}: one that is not valid
     * percent-encoded UTF-8, or holds NUL or other control characters, unpaired surrogates or bidi controls.
     */
    static String[] refusedParameter(String query) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String rawName = equals < 0 ? pair : pair.substring(0, equals);
            String name;
            String value;
            try {
                name = decode(rawName);
                value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
                return new String[]{safeName(rawName), "not valid percent-encoded UTF-8"};
            }
            for (String text : new String[]{name, value}) {
                String problem = io.modelledger.platform.web.StrictJson.problem(text);
                if (problem == null && text.chars().anyMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f))) {
                    problem = "must not contain control characters";
                }
                if (problem != null) {
                    return new String[]{safeName(name), problem};
                }
            }
        }
        return null;
    }

    private static String decode(String text) throws java.nio.charset.CharacterCodingException {
        byte[] bytes = java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.ISO_8859_1)
                                          .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    }

    private static String safeName(String name) {
        String clean = name.replaceAll("[^A-Za-z0-9._-]", "?");
        return clean.length() > 64 ? clean.substring(0, 64) : clean;
    }
}
