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
        chain.doFilter(request, response);
    }
}
