package io.modelledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small JSON client for the tests that drive the platform through the gateway, as curl would. */
final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;
    private final String bearer;

    Http(String base) {
        this(base, null);
    }

    private Http(String base, String bearer) {
        this.base = base;
        this.bearer = bearer;
    }

    /** The same client presenting {@code credential} (an API key or a token) as a bearer token. */
    Http as(String credential) {
        return new Http(base, credential);
    }

    /** Issues a key with {@code roles} for {@code owner} (this client must hold an admin key). */
    String issueKey(String owner, String... roles) {
        String body = "{\"name\":\"" + owner + "\",\"owner\":\"" + owner + "\",\"roles\":[\""
                + String.join("\",\"", roles) + "\"]}";
        Response issued = post("/api/access/keys", body);
        if (issued.status() != 201) {
            throw new IllegalStateException("Could not issue a key: " + issued.status() + " " + issued.body());
        }
        return issued.body().get("key").asText();
    }

    record Response(int status, JsonNode body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Response post(String path, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                                                 .header("Content-Type", "application/json")
                                                 .POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    /** A browser's CORS preflight. */
    Response preflight(String path, String origin, String method) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Origin", origin)
                               .header("Access-Control-Request-Method", method)
                               .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    }

    /** A POST whose body is streamed in chunks, without a Content-Length. */
    Response postStreaming(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                               .POST(HttpRequest.BodyPublishers.ofInputStream(
                                       () -> new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
    }

    Response send(String method, String path, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                                                 .method(method, HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    @Override
    public String toString() {
        return bearer == null ? "" : bearer;
    }

    Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    private Response send(HttpRequest.Builder request) {
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                                                        HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            JsonNode body = response.body() == null || response.body().isBlank() || !type.contains("json") ? null
                    : JSON.readTree(response.body());
            return new Response(response.statusCode(), body, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A port free now, below the kernel's ephemeral range (32768 and up here): a port the system hands out with
     * {@code new ServerSocket(0)} can be handed out again to an outgoing connection (a service calling another, a Mongo
     * client) before the service it was picked for binds it, which failed a run with "Port … is already in use".
     */
    static int freePort() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 100; attempt++) {
            int candidate = random.nextInt(20_000, 32_000);
            try (ServerSocket socket = new ServerSocket(candidate)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
