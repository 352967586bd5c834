package io.modelledger.console.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

import java.io.IOException;
import java.net.URI;

/**
 * After signing in, back to the page that asked for it (a deep link), by path and query only: the saved request's
 * URL names the console's own host and port, which behind the gateway is not the browser's origin (and the
 * Content-Security-Policy's form-action would refuse it). Anything that is not a plain local path goes home.
 */
final class BackToRequestedPage implements AuthenticationSuccessHandler {

    private final RequestCache requests;

    BackToRequestedPage(RequestCache requests) {
        this.requests = requests;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        SavedRequest saved = requests.getRequest(request, response);
        requests.removeRequest(request, response);
        response.sendRedirect(localPath(saved == null ? null : saved.getRedirectUrl()));
    }

    static String localPath(String url) {
        if (url == null) {
            return "/";
        }
        try {
            URI uri = URI.create(url);
            String path = uri.getRawPath();
            if (path == null || !path.startsWith("/") || path.startsWith("//") || path.contains("\\")) {
                return "/";
            }
            String query = uri.getRawQuery();
            // Spring Security marks the saved request with "continue"; the page does not need it
            if (query != null) {
                query = query.replaceAll("(^|&)continue(=[^&]*)?", "").replaceFirst("^&", "");
            }
            return query == null || query.isEmpty() ? path : path + "?" + query;
        } catch (IllegalArgumentException e) {
            return "/";
        }
    }
}
