package io.modelledger.console.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.io.IOException;

/**
 * To the sign-in page, by path (behind the gateway the console's own host is not the browser's). An htmx request
 * (a part of a page that polls or loads late) is answered 401 with {@code HX-Redirect}, so the whole page goes to the
 * sign-in page instead of the sign-in form landing inside the part.
 */
final class SignInPage implements AuthenticationEntryPoint {

    static final RequestMatcher HTMX = new RequestHeaderRequestMatcher("HX-Request");

    static void send(HttpServletRequest request, HttpServletResponse response, String location) throws IOException {
        if (HTMX.matches(request)) {
            response.setHeader("HX-Redirect", location);
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        } else {
            response.sendRedirect(location);
        }
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
                         org.springframework.security.core.AuthenticationException e) throws IOException {
        send(request, response, "/login");
    }
}
