package io.modelledger.gateway.limits;

import io.modelledger.gateway.ProblemResponses;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Refuses request bodies larger than the route allows with 413: at once when {@code Content-Length} says
 * so, and while streaming when a chunked body grows past the limit.
 */
@Component
class BodySizeFilter implements WebFilter, Ordered {

    private final LimitProperties limits;
    private final ProblemResponses problems;

    BodySizeFilter(LimitProperties limits, ProblemResponses problems) {
        this.limits = limits;
        this.problems = problems;
    }

    static final class BodyTooLargeException extends RuntimeException {
        BodyTooLargeException() {
            super("request body too large", null, false, false);
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        long max = limits.maxBodyFor(path).toBytes();
        long declared = exchange.getRequest().getHeaders().getContentLength();
        if (declared > max) {
            return tooLarge(exchange, max);
        }
        AtomicLong seen = new AtomicLong();
        ServerHttpRequestDecorator counted = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return super.getBody().doOnNext(buffer -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > max) {
                        throw new BodyTooLargeException();
                    }
                });
            }
        };
        return chain.filter(exchange.mutate().request(counted).build())
                    .onErrorResume(BodyTooLargeException.class, e -> tooLarge(exchange, max));
    }

    private Mono<Void> tooLarge(ServerWebExchange exchange, long max) {
        return problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE, "too-large", "Request body too large",
                              "Requests to this route may carry at most " + max + " bytes");
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 5;
    }
}
