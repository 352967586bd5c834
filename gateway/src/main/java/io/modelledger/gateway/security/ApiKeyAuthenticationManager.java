package io.modelledger.gateway.security;

import io.modelledger.contracts.access.ApiKeyToken;
import io.modelledger.contracts.access.Roles;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks an API key against the hash registry-service keeps for it. A checked key is trusted for
 * {@code keyCacheTtl} at most, so a revocation takes effect on every gateway replica within that time;
 * unknown keys are not cached, so a new key works at once.
 */
final class ApiKeyAuthenticationManager implements ReactiveAuthenticationManager {

    record Credential(String keyId, String secretSha256, String owner, List<String> roles, Instant expiresAt,
                      boolean revoked, String boundModel, String boundEnvironment) {
    }

    private record Cached(Credential credential, Instant fetchedAt) {
    }

    private final WebClient registry;
    private final InternalTokenSigner signer;
    private final Duration cacheTtl;
    private final Clock clock;
    /** The gateway itself, looking up keys in registry-service: one shared token, not one per lookup. */
    private static final Caller GATEWAY = Caller.internal("system:gateway", List.of(Roles.INTERNAL));
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    ApiKeyAuthenticationManager(WebClient registry, InternalTokenSigner signer, Duration cacheTtl, Clock clock) {
        this.registry = registry;
        this.signer = signer;
        this.cacheTtl = cacheTtl;
        this.clock = clock;
    }

    @Override
    public Mono<Authentication> authenticate(Authentication authentication) {
        String presented = ((BearerTokenAuthenticationToken) authentication).getToken();
        ApiKeyToken key = ApiKeyToken.parse(presented).orElse(null);
        if (key == null) {
            return Mono.error(new BadCredentialsException("Malformed API key"));
        }
        return credential(key.keyId()).flatMap(credential -> {
            if (!key.matches(credential.secretSha256())) {
                return Mono.error(new BadCredentialsException("Unknown API key"));
            }
            if (credential.revoked()) {
                return Mono.error(new BadCredentialsException("Revoked API key"));
            }
            if (credential.expiresAt() != null && !clock.instant().isBefore(credential.expiresAt())) {
                return Mono.error(new BadCredentialsException("Expired API key"));
            }
            String subject = credential.owner() != null && !credential.owner().isBlank()
                    ? credential.owner() : "key:" + credential.keyId();
            return Mono.<Authentication>just(credential.boundModel() == null
                    ? Caller.withApiKey(subject, credential.keyId(), credential.roles())
                    : Caller.withBoundApiKey(subject, credential.keyId(), credential.roles(), credential.boundModel(),
                                             credential.boundEnvironment()));
        }).switchIfEmpty(Mono.error(() -> new BadCredentialsException("Unknown API key"))); // built only when empty
    }

    private Mono<Credential> credential(String keyId) {
        Cached cached = cache.get(keyId);
        if (cached != null && cached.fetchedAt().plus(cacheTtl).isAfter(clock.instant())) {
            return Mono.just(cached.credential());
        }
        String token = signer.tokenFor(GATEWAY);
        return registry.get().uri("/internal/access/keys/{keyId}", keyId)
                       .headers(h -> h.setBearerAuth(token))
                       .retrieve()
                       .bodyToMono(Credential.class)
                       .doOnNext(c -> cache.put(keyId, new Cached(c, clock.instant())))
                       .onErrorResume(WebClientResponseException.class,
                                      e -> e.getStatusCode() == HttpStatus.NOT_FOUND ? Mono.empty()
                                              : Mono.error(new org.springframework.security.authentication.AuthenticationServiceException(
                                                      "The key store cannot vouch for this key now", e)));
    }
}
