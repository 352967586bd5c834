package io.modelledger.eval.run.execution;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.modelledger.platform.observe.OutboundHttp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * POSTs JSON to a model endpoint with a per-call timeout, retrying 429, 5xx, timeouts and I/O errors with
 * exponential backoff and jitter (resilience4j), or after the server's {@code Retry-After} when it gives one
 * (capped at 30 s). Reports the final attempt's latency and how many attempts it took. Each attempt is a
 * client span of the run's trace, its context sent along.
 */
final class EndpointClient {

    record Response(int status, String body, long latencyMs, int attempts) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    private final Duration timeout;
    private final Retry retry;
    private final OutboundHttp outbound;

    EndpointClient(String name, Duration timeout, int maxAttempts, Duration backoff, OutboundHttp outbound) {
        this.timeout = timeout;
        this.outbound = outbound;
        IntervalBiFunction<HttpResponse<String>> interval = (attempt, outcome) -> {
            if (outcome.isRight()) {
                var retryAfter = outcome.get().headers().firstValue("Retry-After");
                if (retryAfter.isPresent()) {
                    try {
                        return Math.min(30_000L, (long) (Double.parseDouble(retryAfter.get()) * 1000));
                    } catch (NumberFormatException ignored) {
                        // an HTTP date: fall back to backoff
                    }
                }
            }
            long base = backoff.toMillis() << Math.min(attempt - 1, 8);
            return base + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        };
        this.retry = Retry.of(name, RetryConfig.<HttpResponse<String>>custom()
                .maxAttempts(maxAttempts)
                .retryOnResult(r -> r.statusCode() == 429 || r.statusCode() >= 500)
                .retryExceptions(IOException.class)
                .intervalBiFunction(interval)
                .build());
    }

    Response post(URI uri, String json, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                                                 .header("Content-Type", "application/json")
                                                 .header("Accept", "application/json")
                                                 .POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        AtomicInteger attempts = new AtomicInteger();
        long[] latency = new long[1];
        HttpResponse<String> response;
        try {
            response = Retry.decorateCheckedSupplier(retry, () -> {
            attempts.incrementAndGet();
            long start = System.nanoTime();
            try {
                return outbound.send(request, built -> HTTP.send(built, HttpResponse.BodyHandlers.ofString()));
            } finally {
                latency[0] = (System.nanoTime() - start) / 1_000_000;
            }
            }).get();
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        return new Response(response.statusCode(), response.body(), latency[0], attempts.get());
    }
}
