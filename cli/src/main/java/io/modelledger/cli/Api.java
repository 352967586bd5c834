package io.modelledger.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The platform's public API through the gateway, with the user's key. An answer of 400 or more becomes an
 * {@link ApiException} carrying the problem+json's words and the field at fault.
 */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String key;

    Api(String base, String key) {
        String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new ModelLedger.UsageError("the platform URL '" + base + "' is not a URL");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new ModelLedger.UsageError("the platform URL must be http(s)://host[:port], not '" + base + "'");
        }
        if (key != null && !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            // never echoed: the JDK's own error would print the whole header, key included
            throw new ModelLedger.UsageError("the API key holds a character no key has (a space, a line break, a pasted symbol): "
                                                     + "check MODELLEDGER_API_KEY, or run 'modelledger login' again");
        }
        this.base = trimmed;
        this.key = key;
    }

    /** An error answer: its status, and a message with the problem's title, detail and fields at fault. */
    static final class ApiException extends RuntimeException {
        final int status;

        ApiException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    static String path(String... segments) {
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            path.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return path.toString();
    }

    static String query(String... pairs) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                parts.add(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8) + "=" + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
            }
        }
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    JsonNode get(String path) throws IOException {
        return json(send(request(path).GET()));
    }

    JsonNode post(String path, Object body, String... headers) throws IOException {
        return postForAnswer(path, body, headers).body();
    }

    JsonNode delete(String path) throws IOException {
        return json(send(request(path).DELETE()));
    }

    /** The answer's status and body, for callers that tell statuses apart (201 from 200, 202 from 201). */
    record Answer(int status, JsonNode body) {
    }

    Answer postForAnswer(String path, Object body, String... headers) throws IOException {
        HttpResponse<byte[]> response = send(request(path, headers).header("Content-Type", "application/json").POST(body(body)));
        return new Answer(response.statusCode(), json(response));
    }


    /** A multipart/form-data upload: a JSON part and a file part. */
    Answer postMultipart(String path, String jsonPart, String jsonValue, String filePart, Path file, String contentType) throws IOException {
        String boundary = "modelledger-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + jsonPart + "\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + jsonValue + "\r\n--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"" + filePart + "\"; filename=\"" + file.getFileName().toString().replace("\"", "")
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                                                                           HttpRequest.BodyPublishers.ofFile(file),
                                                                           HttpRequest.BodyPublishers.ofByteArray(tail));
        HttpResponse<byte[]> response = send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(body));
        return new Answer(response.statusCode(), json(response));
    }

    /** Streams a download into a file (written whole or not at all). */
    void download(String path, Path target) throws IOException {
        HttpResponse<InputStream> response;
        try {
            response = client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() < 200 || response.statusCode() >= 300) {
            try (InputStream body = response.body()) {
                throw problem(response.statusCode(), body.readAllBytes(), response.headers().firstValue("Location").orElse(null));
            }
        }
        Path parent = target.toAbsolutePath().getParent();
        Path partial = Files.createTempFile(parent, target.getFileName().toString(), ".part");
        try (InputStream body = response.body()) {
            Files.copy(body, partial, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5))
                                                 .header("Accept", "application/json, application/problem+json");
        if (key != null && !key.isBlank()) {
            builder.header("Authorization", "Bearer " + key.strip());
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private static HttpRequest.BodyPublisher body(Object body) throws JsonProcessingException {
        if (body == null) {
            return HttpRequest.BodyPublishers.noBody();
        }
        return HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body));
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException {
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() < 200 || response.statusCode() >= 300) {
            throw problem(response.statusCode(), response.body(), response.headers().firstValue("Location").orElse(null));
        }
        return response;
    }

    /** The problem+json's title, detail and field, in words; a body that is not a problem is quoted briefly. */
    static ApiException problem(int status, byte[] body, String location) {
        if (status >= 300 && status < 400) {
            // not followed: a redirect would carry the key to wherever it points
            return new ApiException(status, status + " redirected to " + (location == null ? "another address" : location)
                    + ": give that URL as MODELLEDGER_URL or --url if you trust it");
        }
        JsonNode problem;
        try {
            problem = JSON.readTree(body);
        } catch (IOException e) {
            problem = MissingNode.getInstance();
        }
        String field = null;
        StringBuilder message = new StringBuilder().append(status);
        if (problem != null && problem.isObject()) {
            String title = problem.path("title").asText("");
            String detail = problem.path("detail").asText("");
            message.append(title.isEmpty() ? "" : " " + title).append(detail.isEmpty() ? "" : ": " + detail);
            JsonNode errors = problem.path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                field = errors.get(0).path("field").asText(null);
                for (JsonNode error : errors) {
                    String at = error.path("field").asText("");
                    String what = error.path("message").asText("");
                    if (!at.isEmpty() && !detail.contains(what)) {
                        message.append("\n  ").append(at).append(": ").append(what);
                    }
                }
                if (field != null) {
                    message.append("\n  (field at fault: ").append(field).append(")");
                }
            }
            if (!problem.path("requestId").asText("").isEmpty()) {
                message.append("\n  request id: ").append(problem.path("requestId").asText());
            }
        } else {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            message.append(text.isEmpty() ? "" : ": " + (text.length() > 300 ? text.substring(0, 300) + "…" : text));
        }
        if (status == 401) {
            message.append("\n  (check MODELLEDGER_API_KEY or run 'modelledger login')");
        }
        return new ApiException(status, message.toString());
    }

    private static JsonNode json(HttpResponse<byte[]> response) throws IOException {
        byte[] body = response.body();
        return body == null || body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
