package io.modelledger.gateway;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.net.ConnectException;
import java.net.URI;
import java.util.concurrent.TimeoutException;

/**
 * Errors at the gateway as RFC 7807 problem+json: a service that cannot be reached is a 503, one that
 * does not answer in time a 504, a broken upstream exchange a 502; never a stack trace.
 */
@Component
@Order(-2)
class ProblemErrorHandler implements ErrorWebExceptionHandler {

    private final JsonMapper json;

    ProblemErrorHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(error);
        }
        ProblemDetail problem = toProblem(error, exchange);
        problem.setProperty("requestId", RequestIdentityFilter.requestId(exchange));
        response.setStatusCode(HttpStatus.valueOf(problem.getStatus()));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        DataBuffer body = response.bufferFactory().wrap(json.writeValueAsBytes(problem));
        return response.writeWith(Mono.just(body));
    }

    private static ProblemDetail toProblem(Throwable error, ServerWebExchange exchange) {
        String path = exchange.getRequest().getPath().value();
        if (causedBy(error, ConnectException.class)) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable",
                           "The service behind " + service(path) + " cannot be reached; try again shortly");
        }
        if (causedBy(error, TimeoutException.class)) {
            return problem(HttpStatus.GATEWAY_TIMEOUT, "timeout", "Gateway timeout",
                           "The service behind " + service(path) + " did not answer in time");
        }
        if (error instanceof ResponseStatusException status) {
            HttpStatus code = HttpStatus.resolve(status.getStatusCode().value());
            if (code == HttpStatus.NOT_FOUND) {
                return problem(code, "not-found", "Not found", "No route for " + path);
            }
            if (code == HttpStatus.GATEWAY_TIMEOUT) {
                return problem(code, "timeout", "Gateway timeout",
                               "The service behind " + service(path) + " did not answer in time");
            }
            if (code != null && code.is4xxClientError()) {
                return problem(code, "bad-request", code.getReasonPhrase(), status.getReason());
            }
        }
        return problem(HttpStatus.BAD_GATEWAY, "bad-gateway", "Bad gateway",
                       "The exchange with the service behind " + service(path) + " failed");
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:modelledger:problem:" + type));
        problem.setTitle(title);
        return problem;
    }

    private static String service(String path) {
        String[] parts = path.split("/");
        return parts.length > 2 ? "/" + parts[1] + "/" + parts[2] : path;
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
