package io.modelledger.standalone;

import java.nio.file.Path;
import java.util.Map;

/**
 * How standalone mode runs: where data lives, which ports to use, and which MongoDB to use (the embedded
 * one unless a URI is given). Read from {@code --key=value} arguments, then {@code MODELLEDGER_*}
 * environment variables, then defaults.
 */
public record StandaloneOptions(Path dataDirectory, String mongoUri, int mongoPort, int gatewayPort,
                                int registryPort, int evalPort, int monitorPort, int consolePort, String database,
                                Map<String, String> properties) {

    /** No console ({@code consolePort} below 0); 0 is any free port. */
    public static final int NO_CONSOLE = -1;

    public StandaloneOptions {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** Without the web console: the API alone (most integration tests). */
    public StandaloneOptions(Path dataDirectory, String mongoUri, int mongoPort, int gatewayPort, int registryPort, int evalPort,
                             int monitorPort, String database, Map<String, String> properties) {
        this(dataDirectory, mongoUri, mongoPort, gatewayPort, registryPort, evalPort, monitorPort, NO_CONSOLE, database, properties);
    }

    /** The same options with the web console on {@code port} (0: any free port). */
    public StandaloneOptions withConsole(int port) {
        return new StandaloneOptions(dataDirectory, mongoUri, mongoPort, gatewayPort, registryPort, evalPort, monitorPort, port,
                                     database, properties);
    }

    /** The same options with extra Spring properties for every application (e.g. {@code modelledger.gateway.oidc.*}). */
    public StandaloneOptions with(Map<String, String> extra) {
        Map<String, String> merged = new java.util.HashMap<>(properties);
        merged.putAll(extra);
        return new StandaloneOptions(dataDirectory, mongoUri, mongoPort, gatewayPort, registryPort, evalPort, monitorPort,
                                     consolePort, database, merged);
    }

    public static StandaloneOptions from(String[] args, Map<String, String> env) {
        Map<String, String> given = new java.util.HashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("Unknown argument '" + arg + "'; use --key=value");
            }
        }
        String mongoUri = value(given, env, "mongodb-uri", null);
        if (mongoUri != null && isBlank(env.get("MODELLEDGER_AUDIT_SIGNING_KEY")) && isBlank(env.get("MODELLEDGER_AUDIT_SIGNING_KEY_FILE"))) {
            throw new IllegalArgumentException("With an external MongoDB the audit signing key must come from outside it: set "
                    + "MODELLEDGER_AUDIT_SIGNING_KEY_FILE (a PKCS#8 PEM or an Ed25519 JWK) or MODELLEDGER_AUDIT_SIGNING_KEY");
        }
        return new StandaloneOptions(
                Path.of(value(given, env, "data", "./data")),
                mongoUri,
                Integer.parseInt(value(given, env, "mongodb-port", "27017")),
                Integer.parseInt(value(given, env, "gateway-port", "8080")),
                Integer.parseInt(value(given, env, "registry-port", "8081")),
                Integer.parseInt(value(given, env, "eval-port", "8082")),
                Integer.parseInt(value(given, env, "monitor-port", "8083")),
                Integer.parseInt(value(given, env, "console-port", "8084")),
                value(given, env, "database", "modelledger"),
                sampleDefaults(env));
    }

    /**
     * The standalone sample lets evaluations and webhooks reach this machine (a local model server, the
     * README's walk-through); shared deployments allow no internal address unless configured.
     */
    private static Map<String, String> sampleDefaults(Map<String, String> env) {
        return isBlank(env.get("MODELLEDGER_OUTBOUND_ALLOW_INTERNAL"))
                ? Map.of("modelledger.outbound.allow-internal", "localhost,127.0.0.1,::1") : Map.of();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String value(Map<String, String> given, Map<String, String> env, String key, String fallback) {
        if (given.containsKey(key)) {
            return given.get(key);
        }
        String fromEnv = env.get("MODELLEDGER_" + key.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : fallback;
    }
}
