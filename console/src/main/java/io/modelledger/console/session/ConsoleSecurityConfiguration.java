package io.modelledger.console.session;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
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
    SecurityFilterChain console(HttpSecurity http, ApiKeySignIn apiKeys) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/login", "/assets/**", "/webjars/**", "/error", "/actuator/health").permitAll()
                        .anyRequest().authenticated())
                .authenticationProvider(apiKeys)
                .formLogin(login -> login.loginPage("/login").usernameParameter("apiKey").passwordParameter("unused")
                                         .successHandler(BackToRequestedPage.withSessionCache()).failureUrl("/login?error"))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut")
                                        .invalidateHttpSession(true).clearAuthentication(true).deleteCookies(SessionCookie.NAME))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(signInPage()))
                .httpBasic(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionFixation(fixation -> fixation.changeSessionId()))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .frameOptions(frames -> frames.deny()))
                .build();
    }

    /** To the sign-in page by path: behind the gateway, the console's own host and port are not the browser's. */
    private static LoginUrlAuthenticationEntryPoint signInPage() {
        LoginUrlAuthenticationEntryPoint entryPoint = new LoginUrlAuthenticationEntryPoint("/login");
        entryPoint.setFavorRelativeUris(true);
        return entryPoint;
    }
}
