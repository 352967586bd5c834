package io.modelledger.console.session;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.List;

/**
 * The signed-in person as the gateway vouched for them ({@code GET /api/access/whoami}): actor, roles and how they
 * authenticated. The credential the console calls the API with stays in this object, in the server-side session:
 * it is never rendered, never serialized (transient) and not exposed as Spring Security's "credentials".
 */
public final class ConsoleUser extends AbstractAuthenticationToken {

    private final String actor;
    private final List<String> roles;
    private final String authMethod;
    private final transient String bearer;
    private final java.time.Instant signedInAt;

    public ConsoleUser(String actor, List<String> roles, String authMethod, String bearer, java.time.Instant signedInAt) {
        super(roles.stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList());
        this.actor = actor;
        this.roles = List.copyOf(roles);
        this.authMethod = authMethod;
        this.bearer = bearer;
        this.signedInAt = signedInAt;
        setAuthenticated(true);
    }

    /** Who the gateway says a credential belongs to ({@code GET /api/access/whoami}'s answer), signed in by {@code authMethod}. */
    static ConsoleUser vouchedFor(java.util.Map<String, Object> caller, String authMethod, String bearer, java.time.Instant at) {
        List<String> roles = caller.get("roles") instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
        return new ConsoleUser(String.valueOf(caller.get("actor")), roles, authMethod, bearer, at);
    }

    /** The person of the current request; fails if nobody is signed in (the security chain keeps that from happening). */
    public static ConsoleUser current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof ConsoleUser user && user.bearer != null) {
            return user;
        }
        throw new AuthenticationCredentialsNotFoundException("Not signed in");
    }

    public String actor() {
        return actor;
    }

    public List<String> roles() {
        return roles;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public String authMethod() {
        return authMethod;
    }

    /** When they signed in: a session ends a fixed time after it, however active (SessionLifetimeFilter). */
    public java.time.Instant signedInAt() {
        return signedInAt;
    }

    /** The credential for the gateway: only the API client reads it. */
    public String bearer() {
        return bearer;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public Object getPrincipal() {
        return actor;
    }

    @Override
    public String getName() {
        return actor;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConsoleUser user && user.actor.equals(actor) && user.roles.equals(roles)
               && java.util.Objects.equals(user.bearer, bearer);
    }

    @Override
    public int hashCode() {
        return actor.hashCode();
    }

    @Override
    public String toString() {
        return "ConsoleUser[" + actor + " " + roles + " by " + authMethod + "]";
    }
}
