package io.modelledger.gateway;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * Errors at the gateway as RFC 7807 problem+json: a service that cannot be reached is a 503, one that
 * does not answer in time a 504, a broken upstream exchange a 502; never a stack trace.
 */
@Component
@Order(-2)
class ProblemErrorHandler implements ErrorWebExceptionHandler {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProblemErrorHandler.class);

    private final ProblemResponses problems;

    ProblemErrorHandler(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        String path = exchange.getRequest().getPath().value();
        if (causedBy(error, CallNotPermittedException.class)) {
            return problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable",
                                  "The service behind " + service(path) + " is failing; calls resume shortly");
        }
        HttpStatusCodeException upstream = cause(error, HttpStatusCodeException.class);
        if (upstream != null) { // the circuit breaker counted the service's own 5xx: answered with that status
            HttpStatus code = HttpStatus.resolve(upstream.getStatusCode().value());
            return problems.write(exchange, code == null ? HttpStatus.BAD_GATEWAY : code, "upstream-error",
                                  code == null ? "Bad gateway" : code.getReasonPhrase(),
                                  "The service behind " + service(path) + " answered " + upstream.getStatusCode().value());
        }
        if (causedByNamed(error, "io.github.resilience4j.bulkhead.BulkheadFullException")
                || causedBy(error, org.springframework.cloud.gateway.support.ServiceUnavailableException.class)) {
            exchange.getResponse().getHeaders().set("Retry-After", "1");
            return problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable",
                                  "The service behind " + service(path) + " is busy or recovering; retry shortly");
        }
        if (causedBy(error, org.springframework.security.authentication.AuthenticationServiceException.class)) {
            // the registry could not vouch for a key (its key read model is held): neither yes nor no
            exchange.getResponse().getHeaders().set("Retry-After", "5");
            return problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable",
                                  "API keys cannot be checked at the moment; retry shortly");
        }
        if (causedBy(error, ConnectException.class)) {
            return problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable",
                                  "The service behind " + service(path) + " cannot be reached; try again shortly");
        }
        if (causedBy(error, TimeoutException.class)) {
            return problems.write(exchange, HttpStatus.GATEWAY_TIMEOUT, "timeout", "Gateway timeout",
                                  "The service behind " + service(path) + " did not answer in time");
        }
        if (error instanceof ResponseStatusException status) {
            HttpStatus code = HttpStatus.resolve(status.getStatusCode().value());
            if (code == HttpStatus.SERVICE_UNAVAILABLE) { // the circuit breaker is open, or no instance is there
                exchange.getResponse().getHeaders().set("Retry-After", "10");
                return problems.write(exchange, code, "unavailable", "Service unavailable",
                                      "The service behind " + service(path) + " is unavailable; calls resume shortly");
            }
            if (code == HttpStatus.NOT_FOUND) {
                return problems.write(exchange, code, "not-found", "Not found", "No route for " + path);
            }
            if (code == HttpStatus.GATEWAY_TIMEOUT) {
                return problems.write(exchange, code, "timeout", "Gateway timeout",
                                      "The service behind " + service(path) + " did not answer in time");
            }
            if (code != null && code.is4xxClientError()) {
                return problems.write(exchange, code, "bad-request", code.getReasonPhrase(), status.getReason());
            }
        }
        log.warn("The exchange with the service behind {} failed: {}", service(path), error.toString());
        return problems.write(exchange, HttpStatus.BAD_GATEWAY, "bad-gateway", "Bad gateway",
                              "The exchange with the service behind " + service(path) + " failed");
    }

    private static String service(String path) {
        String[] parts = path.split("/");
        return parts.length > 2 ? "/" + parts[1] + "/" + parts[2] : path;
    }

    private static <T extends Throwable> T cause(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static boolean causedByNamed(Throwable error, String type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getClass().getName().equals(type)) {
                return true;
            }
        }
        return false;
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
