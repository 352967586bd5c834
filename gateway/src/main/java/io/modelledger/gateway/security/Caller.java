package io.modelledger.gateway.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.List;

/**
 * An authenticated caller, however it authenticated: the subject the audit trail names, its roles, and
 * the credential it used ({@code key:<id>} or {@code oidc:<issuer>}).
 */
public final class Caller extends AbstractAuthenticationToken {

    private final String subject;
    private final List<String> roles;
    private final String authMethod;
    private final String keyId;
    private final String identityIssuer;
    private final String boundModel;
    private final String boundEnvironment;

    private Caller(String subject, List<String> roles, String authMethod, String keyId, String identityIssuer) {
        this(subject, roles, authMethod, keyId, identityIssuer, null, null);
    }

    private Caller(String subject, List<String> roles, String authMethod, String keyId, String identityIssuer, String boundModel,
                   String boundEnvironment) {
        super(roles.stream().<GrantedAuthority>map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList());
        this.subject = subject;
        this.roles = List.copyOf(roles);
        this.authMethod = authMethod;
        this.keyId = keyId;
        this.identityIssuer = identityIssuer;
        this.boundModel = boundModel;
        this.boundEnvironment = boundEnvironment;
        setAuthenticated(true);
    }

    public static Caller withApiKey(String subject, String keyId, List<String> roles) {
        return new Caller(subject, roles, "api-key", keyId, null);
    }

    /** A caller whose key is bound to one deployment (model and environment): it may send telemetry for that one only. */
    public static Caller withBoundApiKey(String subject, String keyId, List<String> roles, String boundModel, String boundEnvironment) {
        return new Caller(subject, roles, "api-key", keyId, null, boundModel, boundEnvironment);
    }

    public static Caller withOidc(String subject, String issuer, List<String> roles) {
        return new Caller(subject, roles, "oidc", null, issuer);
    }

    public static Caller internal(String subject, List<String> roles) {
        return new Caller(subject, roles, "internal", null, null);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return subject;
    }

    @Override
    public String getName() {
        return subject;
    }

    public List<String> roles() {
        return roles;
    }

    public String authMethod() {
        return authMethod;
    }

    public String keyId() {
        return keyId;
    }

    public String identityIssuer() {
        return identityIssuer;
    }

    public String boundModel() {
        return boundModel;
    }

    public String boundEnvironment() {
        return boundEnvironment;
    }
}
