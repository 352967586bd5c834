package io.modelledger.standalone;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.modelledger.contracts.access.AccessMatrix;
import io.modelledger.contracts.access.InternalToken;
import io.modelledger.contracts.access.Roles;
import io.modelledger.platform.test.TestMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who gets in, through the gateway and around it: API keys (unknown, revoked, expired, each role against
 * every row of the access matrix), tokens of an OIDC provider started here, forged identity headers,
 * direct calls to a service, and no credential in any log line written meanwhile.
 */
class GatewaySecurityIT {

    private static final String ISSUER_PATH = "/idp";
    private static final String AUDIENCE = "modelledger";
    private static final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private static final List<String> secrets = new ArrayList<>();
    private static HttpServer identityProvider;
    private static RSAKey idpKey;
    private static String issuer;
    private static Platform platform;
    private static Http anonymous;
    private static Http admin;
    private static final Map<String, Http> byRole = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        idpKey = new RSAKeyGenerator(2048).keyID("idp-key").generate();
        identityProvider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        identityProvider.createContext(ISSUER_PATH + "/jwks", exchange -> {
            byte[] body = new JWKSet(idpKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        identityProvider.start();
        issuer = "http://127.0.0.1:" + identityProvider.getAddress().getPort() + ISSUER_PATH;

        String database = "security-" + UUID.randomUUID().toString().substring(0, 8);
        platform = Platform.start(new StandaloneOptions(Path.of("target/unused"), TestMongo.uri(database), 0,
                                                        Http.freePort(), Http.freePort(), Http.freePort(),
                                                        Http.freePort(), database,
                                                        Map.of("modelledger.gateway.oidc.jwk-set-uri", issuer + "/jwks",
                                                               "modelledger.gateway.oidc.issuer", issuer,
                                                               "modelledger.gateway.oidc.audience", AUDIENCE,
                                                               "modelledger.gateway.oidc.roles-claim", "groups",
                                                               "modelledger.gateway.limits.requests-per-second", "20",
                                                               "modelledger.gateway.limits.burst", "40",
                                                               "modelledger.gateway.cors-allowed-origins", "https://console.example",
                                                               // verbose, so that the log scan below has much to read
                                                               "logging.level.org.springframework.security", "DEBUG",
                                                               "logging.level.org.springframework.cloud.gateway", "DEBUG",
                                                               "logging.level.io.modelledger", "DEBUG")));
        // every application context re-initialises logging while it starts: listen once all have
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        anonymous = new Http(platform.gatewayUrl());
        String adminKey = platform.bootstrapAdminKey().orElseThrow();
        secrets.add(adminKey);
        admin = anonymous.as(adminKey);
        for (String role : List.of(Roles.VIEWER, Roles.CONTRIBUTOR, Roles.APPROVER, Roles.INGEST, Roles.AUDITOR)) {
            String key = admin.issueKey("user:" + role, role);
            secrets.add(key);
            byRole.put(role, anonymous.as(key));
        }
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        if (platform != null) {
            platform.close();
        }
        if (identityProvider != null) {
            identityProvider.stop(0);
        }
    }

    @Test
    void noCredentialOrAnUnknownOrMalformedKeyIsA401() {
        assertProblem(anonymous.get("/api/registry/models"), 401);
        assertProblem(anonymous.as("mlk_0123456789abcdef_" + "A".repeat(43)).get("/api/registry/models"), 401);
        assertProblem(anonymous.as("mlk_not-a-key").get("/api/registry/models"), 401);
        String valid = secrets.get(1);
        assertProblem(anonymous.as(valid.substring(0, valid.length() - 1) + "x").get("/api/registry/models"), 401);
        assertProblem(anonymous.as("eyJhbGciOiJub25lIn0.e30.").get("/api/registry/models"), 401);
    }

    @Test
    void aRevokedKeyStopsWorkingWithinTwoSecondsAsTheReadmePromises() {
        String key = admin.issueKey("user:leaver", Roles.VIEWER);
        secrets.add(key);
        Http issuedAndRevoked = anonymous.as(key);
        await().atMost(Duration.ofSeconds(2)).until(() -> issuedAndRevoked.get("/api/registry/models").status() == 200);
        String keyId = key.substring("mlk_".length(), "mlk_".length() + 16);
        String listed = admin.get("/api/access/keys").body().toString();
        assertThat(listed).contains(keyId, "user:leaver").doesNotContain("secretSha256", key.substring(21));

        long revoked = System.nanoTime();
        assertThat(admin.delete("/api/access/keys/" + keyId).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(100))
               .until(() -> issuedAndRevoked.get("/api/registry/models").status() == 401);
        System.out.printf("[security] revoked key refused after %d ms%n", Duration.ofNanos(System.nanoTime() - revoked).toMillis());
        assertProblem(admin.delete("/api/access/keys/" + keyId), 409);
    }

    @Test
    void anExpiredKeyIsA401() {
        String body = "{\"name\":\"short\",\"owner\":\"user:temp\",\"roles\":[\"viewer\"],\"expiresAt\":\""
                + Instant.now().plusSeconds(3) + "\"}";
        String key = admin.post("/api/access/keys", body).body().get("key").asText();
        secrets.add(key);
        Http temporary = anonymous.as(key);
        await().atMost(Duration.ofSeconds(2)).until(() -> temporary.get("/api/registry/models").status() == 200);
        await().atMost(Duration.ofSeconds(8)).until(() -> temporary.get("/api/registry/models").status() == 401);
        assertProblem(admin.post("/api/access/keys", "{\"name\":\"past\",\"roles\":[\"viewer\"],\"expiresAt\":\"2020-01-01T00:00:00Z\"}"), 400);
    }

    @Test
    void everyRowOfTheMatrixRefusesEachRoleItDoesNotList() {
        int refused = 0;
        for (AccessMatrix.Rule rule : AccessMatrix.RULES) {
            String path = rule.pattern().replace("**", "x").replace("*", "x");
            String method = method(rule, path);
            for (Map.Entry<String, Http> caller : byRole.entrySet()) {
                Http.Response response = send(caller.getValue(), method, path);
                if (rule.roles().contains(caller.getKey())) {
                    assertThat(response.status()).as("%s %s as %s", method, path, caller.getKey()).isNotIn(401, 403);
                } else {
                    assertThat(response.status()).as("%s %s as %s", method, path, caller.getKey()).isEqualTo(403);
                    assertThat(response.header("Content-Type")).startsWith("application/problem+json");
                    refused++;
                }
            }
        }
        assertThat(refused).isGreaterThan(30);
    }

    @Test
    void anOidcTokenFromTheConfiguredProviderWorksAndOthersDoNot() throws Exception {
        Http alice = anonymous.as(idpToken(idpKey, issuer, AUDIENCE, List.of("contributor")));
        Http.Response created = alice.post("/api/registry/models", "{\"name\":\"oidc-model\"}",
                                           "X-ModelLedger-Actor", "user:mallory");
        assertThat(created.status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(2)).until(() -> alice.get("/api/registry/models/oidc-model").status() == 200);
        assertThat(alice.get("/api/registry/models/oidc-model").body().get("registeredBy").asText())
                .as("the actor comes from the token, not from a header").isEqualTo("user:alice");

        assertProblem(anonymous.as(idpToken(idpKey, "http://elsewhere/idp", AUDIENCE, List.of("contributor")))
                               .get("/api/registry/models"), 401);
        assertProblem(anonymous.as(idpToken(idpKey, issuer, "another-audience", List.of("contributor")))
                               .get("/api/registry/models"), 401);
        RSAKey impostor = new RSAKeyGenerator(2048).keyID("idp-key").generate();
        assertProblem(anonymous.as(idpToken(impostor, issuer, AUDIENCE, List.of("contributor"))).get("/api/registry/models"), 401);
        assertProblem(anonymous.as(idpToken(idpKey, issuer, AUDIENCE, List.of("viewer"))).post("/api/registry/models", "{\"name\":\"x\"}"), 403);
    }

    @Test
    void aServiceCalledDirectlyWantsTheGatewaysToken() throws Exception {
        Http direct = new Http(platform.serviceUrl(Platform.Service.REGISTRY));
        assertProblem(direct.get("/api/registry/models"), 401);
        assertProblem(direct.as(secrets.get(1)).get("/api/registry/models"), 401);

        ECKey other = new ECKeyGenerator(Curve.P_256).keyID("forged").generate();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(InternalToken.ISSUER).audience(InternalToken.AUDIENCE)
                .subject("user:mallory").claim(InternalToken.ROLES, "admin")
                .expirationTime(Date.from(Instant.now().plusSeconds(60))).build();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("forged").build(), claims);
        forged.sign(new ECDSASigner(other));
        assertProblem(direct.as(forged.serialize()).get("/api/registry/models"), 401);
        assertThat(new Http(platform.serviceUrl(Platform.Service.REGISTRY)).get("/actuator/health").status()).isEqualTo(200);
    }

    @Test
    void aCallerOverItsRateLimitGets429WithRetryAfter() {
        Http eager = anonymous.as(admin.issueKey("user:eager", Roles.VIEWER));
        await().atMost(Duration.ofSeconds(2)).until(() -> eager.get("/api/registry/models").status() == 200);
        // 80 calls at once (16 in parallel), so the 40-call burst runs out whatever the JVM's warmth
        List<Http.Response> responses = java.util.Collections.synchronizedList(new ArrayList<>());
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 80; i++) {
                pool.submit(() -> responses.add(eager.get("/api/registry/models")));
            }
        }
        Http.Response limited = responses.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
        assertProblem(limited, 429);
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 5);
        assertThat(byRole.get(Roles.VIEWER).get("/api/registry/models").status())
                .as("another caller has a bucket of its own").isEqualTo(200);
    }

    @Test
    void anOversizeBodyIsA413() {
        Http contributor = byRole.get(Roles.CONTRIBUTOR);
        String huge = "{\"name\":\"big\",\"description\":\"" + "x".repeat(1_200_000) + "\"}";
        assertProblem(contributor.post("/api/registry/models", huge), 413);
        assertProblem(contributor.postStreaming("/api/registry/models", huge), 413);
        assertThat(contributor.get("/api/registry/models/big").status()).isEqualTo(404);
    }

    @Test
    void refusalsAreInTheSecurityLogWithoutSecrets() {
        anonymous.as("mlk_fedcba9876543210_" + "C".repeat(43)).get("/api/registry/models");
        byRole.get(Roles.VIEWER).post("/api/registry/models", "{\"name\":\"not-allowed\"}");
        List<String> security = logs.list.stream().filter(e -> e.getLoggerName().equals("modelledger.security"))
                                         .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(security).anyMatch(line -> line.contains("authentication refused: credential=key:fedcba9876543210")
                                              && line.contains("/api/registry/models") && line.contains("from=127.0.0.1"));
        assertThat(security).anyMatch(line -> line.contains("access denied: subject=user:viewer") && line.contains("POST"));
        assertThat(security).noneMatch(line -> line.contains("C".repeat(43)));
    }

    @Test
    void onlyTheConsoleOriginMayCallFromABrowserAndResponsesCarrySecurityHeaders() {
        Http.Response allowed = anonymous.preflight("/api/registry/models", "https://console.example", "POST");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://console.example");
        assertThat(anonymous.preflight("/api/registry/models", "https://evil.example", "POST").status()).isEqualTo(403);

        Http.Response response = byRole.get(Roles.VIEWER).get("/api/registry/models");
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
    }

    @Test
    void noCredentialAppearsInTheLogs() {
        anonymous.as(secrets.get(2)).get("/api/registry/models/unknown");
        anonymous.as("mlk_0123456789abcdef_" + "B".repeat(43)).get("/api/registry/models");
        List<String> lines = logs.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
        assertThat(lines).hasSizeGreaterThan(20);
        for (String secret : secrets) {
            // an API key's secret part, or a whole bearer token
            String secretPart = secret.startsWith("mlk_") ? secret.substring(21) : secret;
            assertThat(lines).noneMatch(line -> line.contains(secretPart));
        }
        assertThat(lines).noneMatch(line -> line.matches("(?s).*eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\..*"));
    }

    private static String idpToken(RSAKey key, String tokenIssuer, String audience, List<String> groups) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(tokenIssuer).audience(audience).subject("alice")
                .claim("groups", groups).issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        String token = jwt.serialize();
        secrets.add(token);
        return token;
    }

    private static String method(AccessMatrix.Rule rule, String path) {
        if (!rule.method().equals("*")) {
            return rule.method();
        }
        for (String candidate : List.of("GET", "POST", "PUT", "DELETE")) {
            if (AccessMatrix.ruleFor(candidate, path) == rule) {
                return candidate;
            }
        }
        throw new IllegalStateException("No method reaches " + rule);
    }

    private static Http.Response send(Http http, String method, String path) {
        return switch (method) {
            case "GET" -> http.get(path);
            case "POST" -> http.post(path, "{}");
            case "DELETE" -> http.delete(path);
            default -> http.send(method, path, "{}");
        };
    }

    private static void assertProblem(Http.Response response, int status) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body().get("status").asInt()).isEqualTo(status);
    }
}
