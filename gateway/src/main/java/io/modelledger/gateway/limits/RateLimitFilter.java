package io.modelledger.gateway.limits;

import io.github.bucket4j.ConsumptionProbe;
import io.modelledger.gateway.ProblemResponses;
import io.modelledger.gateway.security.Caller;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;

/**
 * A token bucket per caller (Bucket4j): {@code requestsPerSecond} sustained, {@code burst} at once. A
 * caller over its limit gets 429 with {@code Retry-After}. On top, at most {@code burst} of one caller's
 * requests are in flight at once (an atomic count per caller, released when the response completes),
 * so one caller's burst cannot occupy the services and the connections every other caller needs. These
 * local refusals are answered before routing: no circuit breaker ever counts them as failures.
 */
@Component
class RateLimitFilter implements GlobalFilter, Ordered {

    private final LimitProperties limits;
    private final ProblemResponses problems;
    private final CallerRateLimiter limiter;
    private final com.github.benmanes.caffeine.cache.Cache<String, java.util.concurrent.atomic.AtomicLong> inFlight =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).maximumSize(100_000).build();

    RateLimitFilter(LimitProperties limits, ProblemResponses problems, CallerRateLimiter limiter) {
        this.limits = limits;
        this.problems = problems;
        this.limiter = limiter;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return ReactiveSecurityContextHolder.getContext()
                .map(context -> context.getAuthentication())
                .filter(Caller.class::isInstance)
                .map(auth -> ((Caller) auth).keyId() != null ? "key:" + ((Caller) auth).keyId() : auth.getName())
                .defaultIfEmpty("")
                .flatMap(caller -> {
                    if (caller.isEmpty()) {
                        return chain.filter(exchange); // unauthenticated: refused before routing anyway
                    }
                    Mono<ConsumptionProbe> consumed = Mono.fromCallable(() -> limiter.tryConsume(caller));
                    return (limiter.blocking() ? consumed.subscribeOn(Schedulers.boundedElastic()) : consumed)
                            .flatMap(probe -> admitOrRefuse(exchange, chain, caller, probe));
                });
    }

    private Mono<Void> admitOrRefuse(ServerWebExchange exchange, GatewayFilterChain chain, String caller, ConsumptionProbe probe) {
                    if (probe.isConsumed()) {
                        java.util.concurrent.atomic.AtomicLong running = inFlight.get(caller, c -> new java.util.concurrent.atomic.AtomicLong());
                        if (running.incrementAndGet() > limits.burst()) {
                            running.decrementAndGet();
                            exchange.getResponse().getHeaders().set("Retry-After", "1");
                            return problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
                                                  "This credential has " + limits.burst() + " requests in flight already; retry after 1 s");
                        }
                        exchange.getResponse().getHeaders().set("X-RateLimit-Remaining", String.valueOf(probe.getRemainingTokens()));
                        return chain.filter(exchange).doFinally(signal -> running.decrementAndGet());
                    }
                    long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds()
                            + (probe.getNanosToWaitForRefill() % 1_000_000_000L == 0 ? 0 : 1));
                    exchange.getResponse().getHeaders().set("Retry-After", String.valueOf(seconds));
                    return problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
                                          "This credential is limited to " + limits.requestsPerSecond()
                                                  + " requests per second; retry after " + seconds + " s");
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 2;
    }
}
