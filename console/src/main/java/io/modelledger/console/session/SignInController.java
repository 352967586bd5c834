package io.modelledger.console.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page: paste an API key (shown once when it was issued; the first one is printed at the first start). */
@Controller
class SignInController {

    /** Why the last sign-in was refused, in words; never the exception, whose request holds the pasted key. */
    static final String REFUSAL = SignInController.class.getName() + ".refusal";

    static void refused(HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response, AuthenticationException e)
            throws java.io.IOException {
        request.getSession().setAttribute(REFUSAL, e.getMessage());
        response.sendRedirect("/login?error");
    }

    private final org.springframework.beans.factory.ObjectProvider<org.springframework.security.oauth2.client.registration.ClientRegistrationRepository> oidc;

    SignInController(org.springframework.beans.factory.ObjectProvider<org.springframework.security.oauth2.client.registration.ClientRegistrationRepository> oidc) {
        this.oidc = oidc;
    }

    @GetMapping("/login")
    String signIn(HttpServletRequest request, Model model) {
        // the identity providers configured (spring.security.oauth2.client.registration.<id>), each a link that starts its sign-in
        java.util.List<java.util.Map<String, String>> providers = new java.util.ArrayList<>();
        if (oidc.getIfAvailable() instanceof Iterable<?> registrations) {
            for (Object registration : registrations) {
                var r = (org.springframework.security.oauth2.client.registration.ClientRegistration) registration;
                providers.add(java.util.Map.of("id", r.getRegistrationId(), "name", r.getClientName()));
            }
        }
        model.addAttribute("providers", providers);
        HttpSession session = request.getSession(false);
        if (request.getParameter("error") != null && session != null && session.getAttribute(REFUSAL) instanceof String refusal) {
            model.addAttribute("error", refusal);
            session.removeAttribute(REFUSAL);
        } else if (request.getParameter("error") != null) {
            model.addAttribute("error", "Signing in did not work; paste the key again");
        }
        model.addAttribute("signedOut", request.getParameter("signedOut") != null);
        model.addAttribute("expired", request.getParameter("expired") != null);
        return "login";
    }
}
