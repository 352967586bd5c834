package io.modelledger.platform.outbound;

import com.sun.net.httpserver.HttpServer;
import io.modelledger.platform.domain.FieldException;
import io.modelledger.platform.observe.OutboundHttp;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The guarded client as webhooks and evaluation runs use it, against a loopback server; test host names are
 * mapped by a resolver stub, so nothing is ever sent beyond 127.0.0.0/8.
 */
class GuardedHttpTest {

    private HttpServer server;
    private final AtomicInteger received = new AtomicInteger();

    private static final HostResolver STUB = host -> switch (host) {
        case "metadata.test" -> new InetAddress[]{InetAddress.getByName("169.254.169.254")};
        case "private.test" -> new InetAddress[]{InetAddress.getByName("192.168.1.10")};
        case "public.test" -> new InetAddress[]{InetAddress.getByName("203.0.113.10")};
        case "mixed.test" -> new InetAddress[]{InetAddress.getByName("203.0.113.10"), InetAddress.getByName("10.0.0.1")};
        case "allowed.test", "loopback.test" -> new InetAddress[]{InetAddress.getByName("127.0.0.1")};
        default -> InetAddress.getAllByName(host);
    };

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            received.incrementAndGet();
            byte[] body = switch (exchange.getRequestURI().getPath()) {
                case "/big" -> new byte[3 * 1024 * 1024];
                default -> "{\"ok\":true}".getBytes();
            };
            if (exchange.getRequestURI().getPath().equals("/redirect")) {
                exchange.getResponseHeaders().set("Location", "http://metadata.test/latest/meta-data/");
                exchange.sendResponseHeaders(302, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private GuardedHttp client(List<String> allow) {
        return new GuardedHttp(new OutboundGuard(STUB, allow), new OutboundHttp(OpenTelemetry.noop()), 1024 * 1024, Duration.ofSeconds(2));
    }

    private URI at(String host, String path) {
        return URI.create("http://" + host + ":" + server.getAddress().getPort() + path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "10.2.3.4", "172.16.0.1", "192.168.0.1", "169.254.169.254", "fd00:ec2::254",
                            "fe80::1", "100.64.0.1", "0.0.0.0", "::ffff:10.0.0.1", "224.0.0.1", "64:ff9b::a00:1",
                            "64:ff9b:1::1", "2002:a00:1::1", "::10.0.0.1", "198.18.0.1", "2001:0:4136:e378::1"})
    void internalAddressesAreInternal(String address) throws Exception {
        assertThat(OutboundGuard.internal(InetAddress.getByName(address))).isTrue();
    }

    @Test
    void publicAddressesAreNot() throws Exception {
        assertThat(OutboundGuard.internal(InetAddress.getByName("203.0.113.10"))).isFalse();
        assertThat(OutboundGuard.internal(InetAddress.getByName("2606:4700::1111"))).isFalse();
        assertThat(OutboundGuard.internal(InetAddress.getByName("64:ff9b::808:808"))).as("NAT64 of 8.8.8.8").isFalse();
    }

    @Test
    void aHostResolvingToAnInternalAddressIsRefusedBeforeAnyConnection() {
        try (GuardedHttp http = client(List.of())) {
            for (String host : List.of("metadata.test", "private.test", "loopback.test", "mixed.test")) {
                assertThatThrownBy(() -> http.send("POST", at(host, "/hook"), Map.of(), "{}", Duration.ofSeconds(2)))
                        .as(host).isInstanceOf(RefusedAddressException.class).hasMessageContaining("allow-internal");
                assertThatThrownBy(() -> http.guard().check(at(host, "/hook"), "url"))
                        .isInstanceOf(FieldException.class);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        assertThat(received).hasValue(0);
    }

    @Test
    void anAllowedNameOrRangeIsReachedAtTheCheckedAddressWithoutFollowingRedirects() throws Exception {
        try (GuardedHttp byName = client(List.of("allowed.test")); GuardedHttp byRange = client(List.of("127.0.0.0/8"))) {
            assertThat(byName.send("POST", at("allowed.test", "/hook"), Map.of(), "{}", Duration.ofSeconds(2)).status()).isEqualTo(200);
            assertThatThrownBy(() -> byName.send("POST", at("loopback.test", "/hook"), Map.of(), "{}", Duration.ofSeconds(2)))
                    .isInstanceOf(RefusedAddressException.class);
            assertThat(byRange.send("POST", at("loopback.test", "/hook"), Map.of(), "{}", Duration.ofSeconds(2)).status()).isEqualTo(200);
            GuardedHttp.Response redirect = byRange.send("GET", at("127.0.0.1", "/redirect"), Map.of(), null, Duration.ofSeconds(2));
            assertThat(redirect.status()).as("the redirect is answered, not followed").isEqualTo(302);
        }
        assertThat(received).hasValue(3);
    }

    @Test
    void aResponseLargerThanTheCapIsCutAndFails() throws Exception {
        try (GuardedHttp http = client(List.of("127.0.0.1"))) {
            assertThatThrownBy(() -> http.send("GET", at("127.0.0.1", "/big"), Map.of(), null, Duration.ofSeconds(5)))
                    .isInstanceOf(ResponseTooLargeException.class).hasMessageContaining("larger than 1048576 bytes");
        }
    }
}
