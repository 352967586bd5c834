package io.modelledger.eval.run.targets;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.modelledger.platform.outbound.GuardedHttp;
import io.modelledger.platform.outbound.RefusedAddressException;
import io.modelledger.platform.outbound.ResponseTooLargeException;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * POSTs JSON to a model endpoint through the guarded client (checked addresses only, no redirects, capped
 * responses) with a per-call timeout, retrying 429, 5xx, timeouts and I/O errors with exponential backoff
 * and jitter (resilience4j), or after the server's {@code Retry-After} when it gives one (capped at 30 s).
 * A refused address or an oversized response is not retried. Reports the final attempt's latency and how
 * many attempts it took. Each attempt is a client span of the run's trace, its context sent along.
 */
final class EndpointClient {

    record Response(int status, String body, long latencyMs, int attempts) {
    }

    private final Duration timeout;
    private final Retry retry;
    private final GuardedHttp http;

    EndpointClient(String name, Duration timeout, int maxAttempts, Duration backoff, GuardedHttp http) {
        this.timeout = timeout;
        this.http = http;
        IntervalBiFunction<GuardedHttp.Response> interval = (attempt, outcome) -> {
            if (outcome.isRight()) {
                String retryAfter = outcome.get().header("Retry-After");
                if (retryAfter != null) {
                    try {
                        return Math.min(30_000L, (long) (Double.parseDouble(retryAfter) * 1000));
                    } catch (NumberFormatException ignored) {
                        // an HTTP date: fall back to backoff
                    }
                }
            }
            long base = backoff.toMillis() << Math.min(attempt - 1, 8);
            return base + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        };
        this.retry = Retry.of(name, RetryConfig.<GuardedHttp.Response>custom()
                .maxAttempts(maxAttempts)
                .retryOnResult(r -> r.status() == 429 || r.status() >= 500)
                .retryExceptions(IOException.class)
                .ignoreExceptions(RefusedAddressException.class, ResponseTooLargeException.class)
                .intervalBiFunction(interval)
                .build());
    }

    Response post(URI uri, String json, String bearer) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        if (bearer != null) {
            headers.put("Authorization", "Bearer " + bearer);
        }
        AtomicInteger attempts = new AtomicInteger();
        long[] latency = new long[1];
        GuardedHttp.Response response;
        try {
            response = Retry.decorateCheckedSupplier(retry, () -> {
                attempts.incrementAndGet();
                long start = System.nanoTime();
                try {
                    return http.send("POST", uri, headers, json, timeout);
                } finally {
                    latency[0] = (System.nanoTime() - start) / 1_000_000;
                }
            }).get();
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        return new Response(response.status(), response.body(), latency[0], attempts.get());
    }
}
