package io.modelledger.console.session;

import io.modelledger.console.api.Api;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Who may see which page: everything but the sign-in page and the static assets needs a session. Sessions are
 * server-side (the cookie is HttpOnly, SameSite=Lax, named in console.yml); every form carries a CSRF token (htmx
 * requests send it as a header, console.js); the Content-Security-Policy allows no inline script or style and no
 * other origin. Signing out ends the session here.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    SecurityFilterChain console(HttpSecurity http, Api api, ObjectProvider<ClientRegistrationRepository> registrations,
                                io.modelledger.console.ConsoleProperties properties, java.time.Clock clock) throws Exception {
        // where to return after signing in: a page a person opened (a GET for HTML), never a part of one (htmx), an icon or an asset
        HttpSessionRequestCache savedPages = new HttpSessionRequestCache();
        savedPages.setRequestMatcher(request -> "GET".equals(request.getMethod()) && !SignInPage.HTMX.matches(request)
                                                && String.valueOf(request.getHeader("Accept")).contains("text/html"));
        BackToRequestedPage back = new BackToRequestedPage(savedPages);
        ClientRegistrationRepository oidc = registrations.getIfAvailable();
        if (oidc != null) {
            // sign-in through the OpenID Provider: authorization code with PKCE (S256), then the same session as a key's
            OAuth2AuthorizedClientRepository clients = new HttpSessionOAuth2AuthorizedClientRepository();
            DefaultOAuth2AuthorizationRequestResolver pkce = new DefaultOAuth2AuthorizationRequestResolver(
                    oidc, OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
            pkce.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
            // who the person is comes from the gateway (the provider's claims in the access token), not from userinfo: the
            // access token's audience is the ModelLedger API, which a provider's userinfo endpoint rightly refuses
            OidcUserService idTokenOnly = new OidcUserService();
            idTokenOnly.setRetrieveUserInfo(request -> false);
            http.oauth2Login(login -> login.loginPage("/login")
                    .authorizedClientRepository(clients)
                    .userInfoEndpoint(userInfo -> userInfo.oidcUserService(idTokenOnly))
                    .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(pkce))
                    .successHandler(new OidcSignIn(api, clients, new HttpSessionSecurityContextRepository(), back, clock))
                    .failureHandler(SignInController::refused));
        }
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/login", "/assets/**", "/webjars/**", "/error", "/actuator/health", "/actuator/health/liveness",
                                         "/actuator/health/readiness").permitAll()
                        .anyRequest().authenticated())
                .authenticationProvider(new ApiKeySignIn(api, clock))
                .formLogin(login -> login.loginPage("/login").usernameParameter("apiKey").passwordParameter("unused")
                                         .successHandler(back).failureHandler(SignInController::refused))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut")
                                        .invalidateHttpSession(true).clearAuthentication(true).deleteCookies(SessionCookie.NAME))
                .requestCache(cache -> cache.requestCache(savedPages))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(new SignInPage()))
                .addFilterAfter(new SessionLifetimeFilter(properties.sessionLifetime(), clock), SecurityContextHolderFilter.class)
                .httpBasic(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionFixation(fixation -> fixation.changeSessionId()))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .frameOptions(frames -> frames.deny()))
                .build();
    }
}
