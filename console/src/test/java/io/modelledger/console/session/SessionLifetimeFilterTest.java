package io.modelledger.console.session;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.context.SecurityContextHolder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SessionLifetimeFilterTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private final SessionLifetimeFilter filter = new SessionLifetimeFilter(Duration.ofHours(8), Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    private static void signedInAt(Instant at) {
        SecurityContextHolder.getContext().setAuthentication(new ConsoleUser("user:carol", List.of("contributor"), "api-key", "secret", at));
    }

    @Test
    void aSignInOlderThanItsLifetimeEndsTheSessionHoweverActive() throws Exception {
        signedInAt(NOW.minus(Duration.ofHours(9)));
        MockHttpSession session = new MockHttpSession();
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/models");
        request.setSession(session);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        assertThat(chain.getRequest()).as("the page is not served").isNull();
        assertThat(session.isInvalid()).isTrue();
        assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
        assertThat(response.getRedirectedUrl()).isEqualTo("/login?expired");
    }

    @Test
    void aPartOfAPageSendsTheWholePageToSignIn() throws Exception {
        signedInAt(NOW.minus(Duration.ofHours(9)));
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/evaluations/runs/x/live");
        request.addHeader("HX-Request", "true");
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeader("HX-Redirect")).isEqualTo("/login?expired");
    }

    @Test
    void aRecentSignInGoesOn() throws Exception {
        signedInAt(NOW.minus(Duration.ofHours(7)));
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(new MockHttpServletRequest("GET", "/models"), new MockHttpServletResponse(), chain);
        assertThat(chain.getRequest()).isNotNull();
    }
}
