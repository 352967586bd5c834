package io.modelledger.gateway.security;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Replaces the caller's credential with an internal token for the service: the API key or the identity
 * provider's token never travels past the gateway, and the service learns who is calling only from a
 * token the gateway signed.
 */
@Component
class InternalTokenFilter implements GlobalFilter, Ordered {

    private final InternalTokenSigner signer;

    InternalTokenFilter(InternalTokenSigner signer) {
        this.signer = signer;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return ReactiveSecurityContextHolder.getContext()
                .map(context -> context.getAuthentication())
                .filter(Caller.class::isInstance)
                .map(Caller.class::cast)
                .map(signer::tokenFor) // the request id travels in X-Request-Id (RequestIdentityFilter)
                .defaultIfEmpty("")
                .flatMap(token -> chain.filter(exchange.mutate().request(r -> r.headers(headers -> {
                    headers.remove(HttpHeaders.AUTHORIZATION);
                    if (!token.isEmpty()) {
                        headers.setBearerAuth(token);
                    }
                })).build()));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
