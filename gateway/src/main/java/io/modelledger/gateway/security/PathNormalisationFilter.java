package io.modelledger.gateway.security;

import io.modelledger.contracts.access.RequestPaths;
import io.modelledger.gateway.ProblemResponses;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Runs before authentication and authorization: a path that could be read two ways is refused (400),
 * and every other one continues as its canonical encoding. The access matrix then decides on the same
 * path that routing forwards and the service's handler matches.
 */
@Component
class PathNormalisationFilter implements WebFilter, Ordered {

    private final ProblemResponses problems;

    PathNormalisationFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String raw = exchange.getRequest().getURI().getRawPath();
        String canonical;
        try {
            canonical = RequestPaths.canonical(raw);
        } catch (RequestPaths.AmbiguousPathException e) {
            return problems.write(exchange, HttpStatus.BAD_REQUEST, "ambiguous-path", "Ambiguous path", e.getMessage());
        }
        if (canonical.equals(raw)) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate().request(request -> request.path(canonical)).build());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
