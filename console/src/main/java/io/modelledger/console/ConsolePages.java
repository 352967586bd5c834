package io.modelledger.console;

import io.modelledger.console.api.Api;
import io.modelledger.console.api.ApiException;
import io.modelledger.console.session.ConsoleUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.client.ResourceAccessException;

/**
 * What every page has: the signed-in person ({@code me}), and the API's errors in words. A 401 from the API
 * means the session's credential stopped working (revoked, expired): the session ends and the sign-in page
 * says why.
 */
@ControllerAdvice
class ConsolePages {

    /** What pages see of the signed-in person: never the credential. */
    public record Me(String actor, java.util.List<String> roles, String authMethod) {

        public boolean hasRole(String role) {
            return roles.contains(role);
        }
    }

    @ModelAttribute("me")
    Me me() {
        return signedIn();
    }

    @ExceptionHandler(ApiException.class)
    String apiError(ApiException e, HttpServletRequest request, HttpServletResponse response, Model model) {
        if (e.status() == 401) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            SecurityContextHolder.clearContext();
            return "redirect:/login?expired";
        }
        response.setStatus(e.status() == 0 ? 502 : e.status());
        model.addAttribute("me", signedIn());
        model.addAttribute("problem", e);
        return "problem";
    }

    @ExceptionHandler(ResourceAccessException.class)
    String unreachable(ResourceAccessException e, HttpServletRequest request, HttpServletResponse response, Model model) {
        return apiError(Api.unreachable(e), request, response, model);
    }

    private static Me signedIn() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof ConsoleUser user ? new Me(user.actor(), user.roles(), user.authMethod()) : null;
    }
}
