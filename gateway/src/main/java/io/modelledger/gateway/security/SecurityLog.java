package io.modelledger.gateway.security;

import io.micrometer.core.instrument.MeterRegistry;
import io.modelledger.contracts.access.ApiKeyToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;

/**
 * Refused requests, written to the {@code modelledger.security} log (key id, route, reason, source
 * address; never a secret) and counted as {@code modelledger.security.refusals} by kind, for alerting.
 */
@Component
public class SecurityLog {

    private static final Logger log = LoggerFactory.getLogger("modelledger.security");
    private final MeterRegistry meters;

    SecurityLog(MeterRegistry meters) {
        this.meters = meters;
    }

    void authenticationFailed(ServerWebExchange exchange, Exception reason) {
        String presented = bearer(exchange);
        String credential = presented == null ? "none"
                : ApiKeyToken.parse(presented).map(k -> "key:" + k.keyId())
                             .orElse(ApiKeyToken.looksLikeKey(presented) ? "malformed-key" : "bearer-token");
        meters.counter("modelledger.security.refusals", "kind", "authentication").increment();
        log.info("authentication refused: credential={} reason=\"{}\" {} {} from={}", credential, reason.getMessage(),
                 exchange.getRequest().getMethod(), exchange.getRequest().getPath().value(), source(exchange));
    }

    Mono<Void> accessDenied(ServerWebExchange exchange) {
        return exchange.getPrincipal().map(principal -> {
            String subject = principal.getName();
            String credential = principal instanceof Caller caller && caller.keyId() != null ? "key:" + caller.keyId()
                    : principal instanceof Authentication auth ? String.valueOf(auth.getAuthorities()) : "";
            meters.counter("modelledger.security.refusals", "kind", "authorization").increment();
            log.info("access denied: subject={} credential={} {} {} from={}", subject, credential,
                     exchange.getRequest().getMethod(), exchange.getRequest().getPath().value(), source(exchange));
            return principal;
        }).then();
    }

    private static String bearer(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    }

    private static String source(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null ? "unknown" : remote.getAddress().getHostAddress();
    }
}
