package io.modelledger.gateway;

import io.modelledger.contracts.metadata.Headers;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.UUID;

/**
 * Gives every proxied request a request id (the client's, if well-formed) and drops identity headers a
 * client sends: who is calling travels only in the gateway's internal token.
 */
@Component
public class RequestIdentityFilter implements GlobalFilter, Ordered {

    static final String REQUEST_ID_ATTRIBUTE = RequestIdentityFilter.class.getName() + ".requestId";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String requestId = requestId(exchange);
        ServerHttpRequest request = exchange.getRequest().mutate().headers(headers -> {
            Headers.IDENTITY.forEach(headers::remove);
            headers.set(Headers.REQUEST_ID, requestId);
        }).build();
        return chain.filter(exchange.mutate().request(request).build());
    }

    /** The request id of this exchange, assigned once and shared with the error handler. */
    public static String requestId(ServerWebExchange exchange) {
        String assigned = exchange.getAttribute(REQUEST_ID_ATTRIBUTE);
        if (assigned != null) {
            return assigned;
        }
        String offered = exchange.getRequest().getHeaders().getFirst(Headers.REQUEST_ID);
        String requestId = offered != null && Headers.REQUEST_ID_FORM.matcher(offered).matches()
                ? offered : UUID.randomUUID().toString();
        exchange.getAttributes().put(REQUEST_ID_ATTRIBUTE, requestId);
        exchange.getResponse().getHeaders().set(Headers.REQUEST_ID, requestId);
        return requestId;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
