package io.modelledger.console.session;

import io.modelledger.console.api.Api;
import io.modelledger.console.api.ApiException;
import io.modelledger.contracts.access.ApiKeyToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.web.client.ResourceAccessException;

import java.util.Map;

/**
 * Signing in with a pasted API key: the gateway is asked who the key belongs to; the answer (actor, roles) is the
 * session's identity, and the key is what the console calls the API with. A key the gateway refuses, or one of
 * the wrong shape, signs nobody in. Not a bean: a bean would also sit in Boot's global authentication manager.
 */
final class ApiKeySignIn implements AuthenticationProvider {

    private final Api api;
    private final java.time.Clock clock;

    ApiKeySignIn(Api api, java.time.Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String key = authentication.getName() == null ? "" : authentication.getName().strip();
        // a text that is not a key is never sent anywhere
        if (ApiKeyToken.parse(key).isEmpty()) {
            throw new BadCredentialsException("That is not a ModelLedger API key (they start with mlk_)");
        }
        Map<String, Object> caller;
        try {
            caller = api.whoami(key);
        } catch (ApiException e) {
            if (e.status() == 401 || e.status() == 403) {
                throw new BadCredentialsException("The platform refused this key: it is unknown, revoked, expired or not yet approved");
            }
            throw new AuthenticationServiceException("The platform could not check the key: " + e.title());
        } catch (ResourceAccessException e) {
            throw new AuthenticationServiceException("The platform did not answer; try again shortly");
        }
        return ConsoleUser.vouchedFor(caller, "api-key", key, clock.instant());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
