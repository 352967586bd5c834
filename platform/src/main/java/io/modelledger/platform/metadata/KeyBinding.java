package io.modelledger.platform.metadata;

import io.modelledger.contracts.access.InternalToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.Optional;

/**
 * The one deployment the caller's API key is bound to, from the gateway's internal token (never from a header): such a
 * key may send telemetry for that deployment only, and only its telemetry counts as the deployment's canary evidence.
 * {@code keyId} names the key, so its batches are its own.
 */
public record KeyBinding(String keyId, String model, String environment) {

    /** The binding of the current request's caller, if its key has one. */
    public static Optional<KeyBinding> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken jwt)) {
            return Optional.empty();
        }
        var token = jwt.getToken();
        String model = token.getClaimAsString(InternalToken.BOUND_MODEL);
        String environment = token.getClaimAsString(InternalToken.BOUND_ENVIRONMENT);
        String keyId = token.getClaimAsString(InternalToken.KEY_ID);
        return model == null || environment == null || keyId == null ? Optional.empty()
                : Optional.of(new KeyBinding(keyId, model, environment));
    }

    public boolean covers(String model, String environment) {
        return this.model.equals(model) && this.environment.equals(environment);
    }

    /** Why this key may not act for another deployment: "… and may {@code act} that deployment only". */
    public String refusal(String act) {
        return "this API key is bound to model '" + model + "' in '" + environment + "' and may " + act + " that deployment only";
    }

    /**
     * A batch of this key's own: stored under {@code <batchId>~<keyId>}, which no other sender can name (client batch ids
     * have no '~'), so nobody can take a bound key's batch id first and have its evidence dropped as a "retry".
     */
    public String ownBatchId(String batchId) {
        return batchId + "~" + keyId;
    }
}
