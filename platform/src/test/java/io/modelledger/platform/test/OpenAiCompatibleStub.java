package io.modelledger.platform.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A local OpenAI-compatible chat-completions server for tests and benchmarks, on 127.0.0.1: it answers
 * {@code POST /v1/chat/completions} deterministically with {@code responder(user message)}, reports token
 * usage (words), requires the bearer key, and misbehaves on purpose where asked: the first call for every
 * {@code throttleEvery}-th distinct message gets a 429 with {@code Retry-After: 0}, and the first call for a
 * message containing one of {@code hangOn} stalls for {@code hang} before answering.
 */
public final class OpenAiCompatibleStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String apiKey;
    private final Function<String, String> responder;
    private final long latencyMillis;
    private final int throttleEvery;
    private final Set<String> hangOn;
    private final long hangMillis;
    private final Map<String, AtomicInteger> callsPerMessage = new ConcurrentHashMap<>();
    private final AtomicInteger distinct = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicInteger hung = new AtomicInteger();

    public OpenAiCompatibleStub(String apiKey, Function<String, String> responder, long latencyMillis, int throttleEvery,
                                Set<String> hangOn, long hangMillis) {
        this.apiKey = apiKey;
        this.responder = responder;
        this.latencyMillis = latencyMillis;
        this.throttleEvery = throttleEvery;
        this.hangOn = hangOn;
        this.hangMillis = hangMillis;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    /** The base URL a run's target names ({@code http://127.0.0.1:<port>/v1}). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public int requests() {
        return requests.get();
    }

    public int throttled() {
        return throttled.get();
    }

    public int hung() {
        return hung.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            if (!("Bearer " + apiKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, "{\"error\":{\"message\":\"invalid api key\"}}");
                return;
            }
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            String message = request.at("/messages/0/content").asText();
            AtomicInteger calls = callsPerMessage.computeIfAbsent(message, m -> new AtomicInteger());
            int call = calls.incrementAndGet();
            boolean first = call == 1;
            int ordinal = first ? distinct.incrementAndGet() : 0;
            if (first && throttleEvery > 0 && ordinal % throttleEvery == 0) {
                throttled.incrementAndGet();
                exchange.getResponseHeaders().add("Retry-After", "0");
                respond(exchange, 429, "{\"error\":{\"message\":\"rate limited\"}}");
                return;
            }
            if (call == 1 && hangOn.stream().anyMatch(message::contains)) {
                hung.incrementAndGet();
                sleep(hangMillis);
            }
            if (latencyMillis > 0) {
                sleep(latencyMillis);
            }
            String answer = responder.apply(message);
            ObjectNode body = JSON.createObjectNode();
            body.put("id", "chatcmpl-" + requests.get()).put("object", "chat.completion")
                .put("model", request.path("model").asText("stub"));
            body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop")
                .putObject("message").put("role", "assistant").put("content", answer);
            body.putObject("usage").put("prompt_tokens", words(message)).put("completion_tokens", words(answer))
                .put("total_tokens", words(message) + words(answer));
            respond(exchange, 200, body.toString());
        }
    }

    private static int words(String text) {
        return text.isBlank() ? 0 : text.strip().split("\\s+").length;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
