package io.modelledger.platform.observe;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Client spans for calls made with the JDK {@code HttpClient} (which OpenTelemetry does not instrument
 * here): one span per attempt, a child of the current context, with the W3C context injected into the
 * request so the receiver can continue the trace.
 */
public final class OutboundHttp {


    private final OpenTelemetry telemetry;
    private final Tracer tracer;

    public OutboundHttp(OpenTelemetry telemetry) {
        this.telemetry = telemetry;
        this.tracer = telemetry.getTracer("io.modelledger.outbound-http");
    }

    /** Sends a request; what the JDK client's {@code send} does. */
    @FunctionalInterface
    public interface Sender<T> {
        HttpResponse<T> send(HttpRequest request) throws IOException, InterruptedException;
    }

    /** Sends the request inside a client span, the span's context injected into its headers. */
    public <T> HttpResponse<T> send(HttpRequest.Builder request, Sender<T> sender) throws IOException, InterruptedException {
        HttpRequest probe = request.build();
        return traced(probe.method(), probe.uri(), request::setHeader, () -> sender.send(request.build()), HttpResponse::statusCode);
    }

    /** One call of any HTTP client. */
    @FunctionalInterface
    public interface Call<T> {
        T call() throws IOException, InterruptedException;
    }

    /**
     * Makes {@code call} inside a client span for {@code method uri}: the span's context is first handed to
     * {@code header} (to be sent along), and the span records the status {@code status} reads from the result.
     */
    public <T> T traced(String method, java.net.URI uri, java.util.function.BiConsumer<String, String> header, Call<T> call,
                        java.util.function.ToIntFunction<T> status) throws IOException, InterruptedException {
        Span span = tracer.spanBuilder(method + " " + uri.getHost()).setSpanKind(SpanKind.CLIENT)
                          .setAttribute("http.request.method", method)
                          .setAttribute("url.full", uri.toString())
                          .setAttribute("server.address", uri.getHost())
                          .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            telemetry.getPropagators().getTextMapPropagator().inject(Context.current(), header, (carrier, key, value) -> carrier.accept(key, value));
            T result = call.call();
            int code = status.applyAsInt(result);
            span.setAttribute("http.response.status_code", code);
            if (code >= 400) {
                span.setStatus(StatusCode.ERROR);
            }
            return result;
        } catch (IOException | InterruptedException | RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    /** The context a W3C {@code traceparent} names (the current one when it is null or malformed). */
    public Context contextOf(String traceparent) {
        if (traceparent == null) {
            return Context.current();
        }
        return telemetry.getPropagators().getTextMapPropagator().extract(Context.current(), traceparent,
                new io.opentelemetry.context.propagation.TextMapGetter<>() {
                    @Override
                    public Iterable<String> keys(String carrier) {
                        return java.util.List.of("traceparent");
                    }

                    @Override
                    public String get(String carrier, String key) {
                        return "traceparent".equals(key) ? carrier : null;
                    }
                });
    }

    public Tracer tracer() {
        return tracer;
    }
}
