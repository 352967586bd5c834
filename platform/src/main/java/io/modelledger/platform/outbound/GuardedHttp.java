package io.modelledger.platform.outbound;

import io.modelledger.platform.observe.OutboundHttp;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.util.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP client for hosts users name. Its DNS resolver is the {@link OutboundGuard}: every address a name
 * resolves to is checked, and the connection is made to exactly those addresses (no second resolution). No
 * redirects are followed, no cookies kept, and a response body is read up to the cap and no further. Each
 * call is a client span with the W3C context sent along.
 */
public final class GuardedHttp implements AutoCloseable {

    /** A response: status, the headers callers read, and the body (at most the cap). */
    public record Response(int status, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final OutboundGuard guard;
    private final OutboundHttp tracing;
    private final long maxResponseBytes;
    private final CloseableHttpClient client;

    public GuardedHttp(OutboundGuard guard, OutboundHttp tracing, long maxResponseBytes, Duration connectTimeout) {
        this.guard = guard;
        this.tracing = tracing;
        this.maxResponseBytes = maxResponseBytes;
        DnsResolver checked = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return guard.resolve(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(checked)
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.of(connectTimeout)).build())
                        .setMaxConnTotal(512).setMaxConnPerRoute(128)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    public OutboundGuard guard() {
        return guard;
    }

    /** Sends {@code body} (JSON, or none) with {@code method} to {@code uri}; waits at most {@code timeout} for the answer. */
    public Response send(String method, URI uri, Map<String, String> headers, String body, Duration timeout)
            throws IOException, InterruptedException {
        ClassicRequestBuilder builder = ClassicRequestBuilder.create(method).setUri(uri);
        headers.forEach(builder::setHeader);
        if (body != null) {
            builder.setEntity(body, ContentType.APPLICATION_JSON);
        }
        ClassicHttpRequest request = builder.build();
        HttpClientContext context = HttpClientContext.create();
        context.setRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout))
                                              .setConnectionRequestTimeout(Timeout.of(timeout)).setRedirectsEnabled(false).build());
        return tracing.traced(method, uri, request::setHeader, () -> {
            try {
                return client.execute(request, context, response -> {
                    Map<String, String> kept = new LinkedHashMap<>();
                    for (Header header : response.getHeaders()) {
                        kept.putIfAbsent(header.getName().toLowerCase(java.util.Locale.ROOT), header.getValue());
                    }
                    return new Response(response.getCode(), kept, read(response.getEntity()));
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }, Response::status);
    }

    private String read(HttpEntity entity) throws IOException {
        if (entity == null) {
            return "";
        }
        try (InputStream in = entity.getContent()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            long total = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
                if (total > maxResponseBytes) {
                    throw new ResponseTooLargeException("the response is larger than " + maxResponseBytes
                            + " bytes (modelledger.outbound.max-response-bytes): cut there and dropped");
                }
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
