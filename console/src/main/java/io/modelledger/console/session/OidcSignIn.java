package io.modelledger.console.session;

import io.modelledger.console.api.Api;
import io.modelledger.console.api.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.client.ResourceAccessException;

import java.io.IOException;

/**
 * After the OpenID Provider signed the person in (authorization code with PKCE): the console calls the API with the
 * access token it received, as the person, and asks the gateway who that is. The gateway derives actor and roles from
 * the provider's claims, as for any token; the session then holds that identity and the token, exactly as a pasted key
 * would be held. A token the gateway does not accept signs nobody in.
 */
final class OidcSignIn implements AuthenticationSuccessHandler {

    private final Api api;
    private final OAuth2AuthorizedClientRepository clients;
    private final SecurityContextRepository contexts;
    private final AuthenticationSuccessHandler next;
    private final java.time.Clock clock;

    OidcSignIn(Api api, OAuth2AuthorizedClientRepository clients, SecurityContextRepository contexts, AuthenticationSuccessHandler next,
               java.time.Clock clock) {
        this.clock = clock;
        this.api = api;
        this.clients = clients;
        this.contexts = contexts;
        this.next = next;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException, jakarta.servlet.ServletException {
        OAuth2AuthenticationToken oauth = (OAuth2AuthenticationToken) authentication;
        OAuth2AuthorizedClient client = clients.loadAuthorizedClient(oauth.getAuthorizedClientRegistrationId(), oauth, request);
        // the console keeps the token in its own identity only
        clients.removeAuthorizedClient(oauth.getAuthorizedClientRegistrationId(), oauth, request, response);
        String token = client == null ? null : client.getAccessToken().getTokenValue();
        ConsoleUser user = null;
        String refusal = "The identity provider signed you in, but the platform did not accept its token";
        if (token != null) {
            try {
                user = ConsoleUser.vouchedFor(api.whoami(token), "oidc", token, clock.instant());
            } catch (ApiException e) {
                refusal = e.status() == 401 || e.status() == 403 ? refusal : "The platform could not check your sign-in: " + e.title();
            } catch (ResourceAccessException e) {
                refusal = "The platform did not answer; try again shortly";
            }
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        if (user == null) {
            SecurityContextHolder.clearContext();
            contexts.saveContext(context, request, response);
            request.getSession().setAttribute(SignInController.REFUSAL, refusal);
            response.sendRedirect("/login?error");
            return;
        }
        context.setAuthentication(user);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        next.onAuthenticationSuccess(request, response, user);
    }
}
