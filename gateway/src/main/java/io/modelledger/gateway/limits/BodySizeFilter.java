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

    static final long DRAIN_LIMIT = 32L << 20;
    static final java.time.Duration DRAIN_TIME = java.time.Duration.ofSeconds(10);
    // 500 ms was too short on two loaded cores: a client paused that long mid-body, the connection closed with its
    // bytes unread, and the reset destroyed the 413 (GatewaySecurityIT.anOversizeBodyIsA413 failed once in CI, 2026-12-01)
    static final java.time.Duration DRAIN_IDLE = java.time.Duration.ofSeconds(2);

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
            return tooLarge(exchange, max).then(drain(exchange));
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

    /**
     * After the refusal is written, reads and drops what the client is still sending, up to {@link #DRAIN_LIMIT}
     * bytes, {@link #DRAIN_TIME} in all and {@link #DRAIN_IDLE} without a byte: the refusal closes the connection,
     * and a connection closed with unread bytes in it is reset, which can destroy the 413 before the client reads
     * it (it did, now and then, in {@code GatewaySecurityIT.anOversizeBodyIsA413}). Beyond those bounds it closes anyway.
     */
    private static Mono<Void> drain(ServerWebExchange exchange) {
        AtomicLong drained = new AtomicLong();
        return exchange.getRequest().getBody()
                       .doOnNext(buffer -> {
                           drained.addAndGet(buffer.readableByteCount());
                           org.springframework.core.io.buffer.DataBufferUtils.release(buffer);
                       })
                       .takeWhile(released -> drained.get() <= DRAIN_LIMIT)
                       .take(DRAIN_TIME)
                       .timeout(DRAIN_IDLE) // a client that stopped sending when it read the refusal
                       .onErrorResume(e -> Mono.empty())
                       .then();
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
