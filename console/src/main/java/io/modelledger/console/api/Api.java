package io.modelledger.console.api;

import io.modelledger.console.ConsoleProperties;
import io.modelledger.console.session.ConsoleUser;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The public API through the gateway, called with the signed-in person's own credential ({@link ConsoleUser}).
 * Answers are read as JSON maps for the templates; a non-2xx answer becomes an {@link ApiException} carrying the
 * problem+json's words. Redirects are not followed: they would carry the credential elsewhere.
 */
@Component
public class Api {

    private static final int MAX_PROBLEM_BYTES = 64 * 1024;

    private final RestClient client;
    private final JsonMapper json;
    private final String baseUrl;

    public Api(ConsoleProperties properties, JsonMapper json) {
        this.json = json;
        this.baseUrl = properties.apiUrl();
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                                    .connectTimeout(Duration.ofSeconds(2)).build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(properties.apiTimeout());
        this.client = RestClient.builder().requestFactory(factory).build();
    }

    /** A path of the API with its variables encoded (each one a single segment) and query parameters left out when null. */
    public static Uri path(String template, Object... variables) {
        return new Uri(template, variables, new LinkedHashMap<>());
    }

    public static final class Uri {
        private final String template;
        private final Object[] variables;
        private final Map<String, Object> query;

        private Uri(String template, Object[] variables, Map<String, Object> query) {
            this.template = template;
            this.variables = variables;
            this.query = query;
        }

        public Uri query(String name, Object value) {
            if (value != null && !(value instanceof String s && s.isBlank())) {
                query.put(name, value);
            }
            return this;
        }

        URI toUri(String baseUrl) {
            UriComponentsBuilder builder = UriComponentsBuilder.fromUriString(baseUrl).path(template);
            query.forEach((name, value) -> builder.queryParam(name, "{q_" + name + "}"));
            Map<String, Object> values = new LinkedHashMap<>();
            List<String> names = UriComponentsBuilder.fromPath(template).build().getPathSegments().stream()
                                                     .filter(s -> s.startsWith("{")).map(s -> s.substring(1, s.length() - 1)).toList();
            for (int i = 0; i < names.size(); i++) {
                values.put(names.get(i), String.valueOf(variables[i]));
            }
            query.forEach((name, value) -> values.put("q_" + name, String.valueOf(value)));
            return builder.encode().buildAndExpand(values).toUri();
        }
    }

    public Map<String, Object> get(Uri uri) {
        return object(call(org.springframework.http.HttpMethod.GET, uri, ConsoleUser.current().bearer()).retrieve()
                              .onStatus(HttpStatusCode::isError, this::fail).body(Object.class));
    }

    /**
     * Like {@link #get}, right after this person's own write: the API's reads follow the event store asynchronously, so
     * what they just registered may be missing for a moment. A 404 is asked again for up to two seconds.
     */
    public Map<String, Object> getJustWritten(Uri uri) {
        return getWhen(uri, found -> true);
    }

    /**
     * Like {@link #getJustWritten}, and also until the answer shows what this person's write changed ({@code settled}), for
     * up to two seconds; after that the answer as it is.
     */
    public Map<String, Object> getWhen(Uri uri, java.util.function.Predicate<Map<String, Object>> settled) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(2);
        while (true) {
            try {
                Map<String, Object> answer = get(uri);
                if (settled.test(answer) || System.nanoTime() > deadline) {
                    return answer;
                }
            } catch (ApiException e) {
                if (e.status() != 404 || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return get(uri);
            }
        }
    }

    /** Like {@link #get} for an answer that is a JSON array. */
    public List<Object> getList(Uri uri) {
        Object answer = JsonObject.wrap(call(org.springframework.http.HttpMethod.GET, uri, ConsoleUser.current().bearer()).retrieve()
                                            .onStatus(HttpStatusCode::isError, this::fail).body(Object.class));
        if (answer instanceof List<?> list) {
            @SuppressWarnings("unchecked") List<Object> items = (List<Object>) list;
            return items;
        }
        throw new ApiException(502, "Unexpected answer", "The platform answered " + uri.template + " with something other than a list",
                               List.of(), null);
    }

    /** Writes a body (JSON) with an optional reason for the audit trail; answers the response body, if any. */
    public Map<String, Object> send(String method, Uri uri, Object body, String reason) {
        RestClient.RequestBodySpec request = call(org.springframework.http.HttpMethod.valueOf(method), uri, ConsoleUser.current().bearer())
                .headers(reasonHeader(reason));
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return object(request.retrieve().onStatus(HttpStatusCode::isError, this::fail).body(Object.class));
    }

    /** A download, streamed to {@code sink} (an export); the content type is handed over first. */
    public void download(Uri uri, Consumer<String> contentType, StreamSink sink) {
        call(org.springframework.http.HttpMethod.GET, uri, ConsoleUser.current().bearer()).exchange((request, response) -> {
            if (response.getStatusCode().isError()) {
                fail(request, response);
            }
            MediaType type = response.getHeaders().getContentType();
            contentType.accept(type == null ? MediaType.APPLICATION_OCTET_STREAM_VALUE : type.toString());
            try (InputStream body = response.getBody()) {
                sink.accept(body);
            }
            return null;
        });
    }

    @FunctionalInterface
    public interface StreamSink {
        void accept(InputStream body) throws IOException;
    }

    /** Who a credential belongs to, as the gateway vouches for it (a sign-in checks the pasted key with it). */
    public Map<String, Object> whoami(String credential) {
        return object(call(org.springframework.http.HttpMethod.GET, path("/api/access/whoami"), credential).retrieve()
                              .onStatus(HttpStatusCode::isError, this::fail).body(Object.class));
    }


    /** An answer that is a JSON object (an empty body, as a 204 has, is an empty one). */
    private static Map<String, Object> object(Object body) {
        Object wrapped = JsonObject.wrap(body);
        return wrapped instanceof JsonObject object ? object : new JsonObject();
    }

    private RestClient.RequestBodySpec call(org.springframework.http.HttpMethod method, Uri uri, String credential) {
        return client.method(method).uri(uri.toUri(baseUrl)).headers(h -> h.setBearerAuth(credential));
    }

    private static Consumer<HttpHeaders> reasonHeader(String reason) {
        return headers -> {
            if (reason != null && !reason.isBlank()) {
                // one line; beyond ASCII in RFC 8187's form, which services decode (a header carries ASCII only)
                headers.set(io.modelledger.contracts.metadata.Headers.REASON, io.modelledger.contracts.metadata.Headers.encodeReason(reason));
            }
        };
    }

    private void fail(org.springframework.http.HttpRequest request, ClientHttpResponse response) throws IOException {
        int status = response.getStatusCode().value();
        Map<String, Object> problem = Map.of();
        try (InputStream body = response.getBody()) {
            byte[] bytes = body.readNBytes(MAX_PROBLEM_BYTES);
            if (bytes.length > 0) {
                Object parsed = json.readValue(bytes, Object.class);
                if (parsed instanceof Map<?, ?> map) {
                    @SuppressWarnings("unchecked") Map<String, Object> typed = (Map<String, Object>) map;
                    problem = typed;
                }
            }
        } catch (RuntimeException notJson) {
            // not problem+json (a proxy's page): the status alone says what happened
        }
        List<ApiException.FieldError> errors = new ArrayList<>();
        if (problem.get("errors") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> error) {
                    errors.add(new ApiException.FieldError(String.valueOf(error.get("field")), String.valueOf(error.get("message"))));
                }
            }
        }
        String title = problem.get("title") instanceof String t ? t : response.getStatusText();
        String detail = problem.get("detail") instanceof String d ? d : null;
        String requestId = problem.get("requestId") instanceof String r ? r : response.getHeaders().getFirst("X-Request-Id");
        throw new ApiException(status, title, detail, errors, requestId);
    }

    /** The platform could not be reached at all: an {@link ApiException} with status 0. */
    public static ApiException unreachable(ResourceAccessException e) {
        return new ApiException(0, "The platform did not answer", e.getMostSpecificCause().getMessage(), List.of(), null);
    }
}
