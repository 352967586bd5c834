package io.modelledger.console.session;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/**
 * A sign-in lasts {@code lifetime} however active its session: a page that polls (a running evaluation) keeps the idle
 * timeout from firing, so without this an open tab would hold the credential for ever. After it, the session ends and
 * the person signs in again.
 */
final class SessionLifetimeFilter extends OncePerRequestFilter {

    private final Duration lifetime;
    private final Clock clock;

    SessionLifetimeFilter(Duration lifetime, Clock clock) {
        this.lifetime = lifetime;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof ConsoleUser user && user.signedInAt() != null
            && user.signedInAt().plus(lifetime).isBefore(clock.instant())) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            SecurityContextHolder.clearContext();
            SignInPage.send(request, response, "/login?expired");
            return;
        }
        chain.doFilter(request, response);
    }
}
