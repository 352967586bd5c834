package io.modelledger.standalone;

import io.modelledger.console.ConsoleApplication;
import io.modelledger.eval.EvalServiceApplication;
import io.modelledger.gateway.GatewayApplication;
import io.modelledger.monitor.MonitorServiceApplication;
import io.modelledger.platform.boot.QuietAxonEnvironment;
import io.modelledger.platform.mongo.EmbeddedMongoServer;
import io.modelledger.contracts.access.InternalToken;
import io.modelledger.registry.RegistryServiceApplication;
import io.modelledger.registry.access.command.BootstrapAdminKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The whole platform in one JVM: the embedded MongoDB-wire server (unless a URI is given) and the four
 * applications, each its own Spring context on its own port, talking exactly as distributed ones do
 * (HTTP from the gateway, events through the shared store). All modules share one classpath here, so
 * each context excludes the auto-configuration that is not its own.
 */
public final class Platform implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Platform.class);

    public enum Service { REGISTRY, EVAL, MONITOR }

    // the reactive HTTP client's configuration disposes Reactor Netty's global resources when its context
    // closes, which would stop the gateway's server too: services do not get it
    private static final List<String> NOT_FOR_SERVICES = List.of("org.springframework.cloud.gateway.",
                                                                 "org.springframework.boot.webflux.",
                                                                 "org.springframework.boot.reactor.netty.",
                                                                 "org.springframework.boot.http.client.autoconfigure.reactive.",
                                                                 "org.springframework.boot.thymeleaf.",
                                                                 "org.springframework.boot.security.oauth2.client.");
    private static final List<String> NOT_FOR_GATEWAY = List.of("org.axonframework.", "io.modelledger.platform.",
                                                                "org.springframework.boot.mongodb.",
                                                                "org.springframework.boot.data.mongodb.",
                                                                "org.springframework.boot.tomcat.",
                                                                "org.springframework.boot.webmvc.",
                                                                "org.springframework.boot.thymeleaf.",
                                                                "org.springframework.boot.security.oauth2.client.");
    /** The console is a client of the gateway: no event store, no database, no reactive stack. */
    private static final List<String> NOT_FOR_CONSOLE = java.util.stream.Stream.concat(
            NOT_FOR_SERVICES.stream().filter(p -> !p.equals("org.springframework.boot.thymeleaf.")
                                                  && !p.equals("org.springframework.boot.security.oauth2.client.")),
            java.util.stream.Stream.of("org.axonframework.", "io.modelledger.platform.", "org.springframework.boot.mongodb.",
                                       "org.springframework.boot.data.mongodb.")).toList();

    private final StandaloneOptions options;
    private final EmbeddedMongoServer embeddedMongo;
    private final String mongoUri;
    private final Map<Service, ConfigurableApplicationContext> services = new LinkedHashMap<>();
    private ConfigurableApplicationContext gateway;
    private ConfigurableApplicationContext console;
    private String bootstrapAdminKey;
    private List<ApplicationContextInitializer<ConfigurableApplicationContext>> initializers = List.of();

    private Platform(StandaloneOptions options) {
        this.options = options;
        if (options.mongoUri() == null) {
            embeddedMongo = EmbeddedMongoServer.durable(options.dataDirectory(), "127.0.0.1", options.mongoPort());
            mongoUri = embeddedMongo.connectionString(options.database());
        } else {
            embeddedMongo = null;
            mongoUri = options.mongoUri();
        }
    }

    public static Platform start(StandaloneOptions options) {
        return start(options, List.of());
    }

    /**
     * Starts the platform with extra initializers applied to every application context (embedding: e.g. a
     * test that adds an in-memory span exporter to each application).
     */
    public static Platform start(StandaloneOptions options, List<ApplicationContextInitializer<ConfigurableApplicationContext>> initializers) {
        QuietAxonEnvironment.quiet();
        Platform platform = new Platform(options);
        platform.initializers = List.copyOf(initializers);
        try {
            for (Service service : Service.values()) {
                platform.startService(service);
            }
            if (options.consolePort() >= 0) {
                platform.console = ConsoleApplication.builder()
                        .initializers(platform.initializers.toArray(ApplicationContextInitializer[]::new))
                        .registerShutdownHook(false)
                        .run(arguments(platform.consoleProperties()));
            }
            platform.gateway = GatewayApplication.builder()
                    .initializers(platform.initializers.toArray(ApplicationContextInitializer[]::new))
                    .registerShutdownHook(false)
                    .run(arguments(platform.gatewayProperties()));
            log.info("gateway started on {}", platform.gatewayUrl());
            platform.bootstrapAdminKey = platform.services.get(Service.REGISTRY).getBean(BootstrapAdminKey.class)
                                                          .issueIfFirstStart().orElse(null);
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    /**
     * Runs one application alone, as a container does ({@code --service=registry|eval|monitor|gateway}):
     * configured by its own file and the environment ({@code SPRING_MONGODB_URI},
     * {@code MODELLEDGER_SECURITY_GATEWAY_JWKS_URI}, …), with the auto-configurations of the other
     * applications on this shared class path switched off.
     */
    public static ConfigurableApplicationContext runAlone(String application, String[] args) {
        QuietAxonEnvironment.quiet();
        List<String> arguments = new ArrayList<>(List.of(args));
        if (application.equals("gateway")) {
            arguments.add("--spring.autoconfigure.exclude=" + exclusions(NOT_FOR_GATEWAY));
            return GatewayApplication.builder().run(arguments.toArray(String[]::new));
        }
        if (application.equals("console")) {
            arguments.add("--spring.autoconfigure.exclude=" + exclusions(NOT_FOR_CONSOLE));
            return ConsoleApplication.builder().run(arguments.toArray(String[]::new));
        }
        arguments.add("--spring.autoconfigure.exclude=" + exclusions(NOT_FOR_SERVICES));
        SpringApplicationBuilder builder = switch (application) {
            case "registry" -> RegistryServiceApplication.builder();
            case "eval" -> EvalServiceApplication.builder();
            case "monitor" -> MonitorServiceApplication.builder();
            default -> throw new IllegalArgumentException("--service must be registry, eval, monitor, gateway or console, not " + application);
        };
        return builder.web(WebApplicationType.SERVLET).run(arguments.toArray(String[]::new));
    }

    /** Starts one service (again, after {@link #stop(Service)}): it resumes from its stored tokens. */
    public synchronized void startService(Service service) {
        if (services.containsKey(service)) {
            throw new IllegalStateException(service + " is already running");
        }
        SpringApplicationBuilder builder = switch (service) {
            case REGISTRY -> RegistryServiceApplication.builder();
            case EVAL -> EvalServiceApplication.builder();
            case MONITOR -> MonitorServiceApplication.builder();
        };
        services.put(service, builder.web(WebApplicationType.SERVLET)
                                     .initializers(initializers.toArray(ApplicationContextInitializer[]::new))
                                     .registerShutdownHook(false)
                                     .run(arguments(serviceProperties(service))));
        log.info("{}-service started on http://127.0.0.1:{}", service.name().toLowerCase(), port(service));
    }

    public synchronized void stop(Service service) {
        ConfigurableApplicationContext context = services.remove(service);
        if (context != null) {
            context.close();
        }
    }

    /** The admin key issued on this installation's first start; empty on later starts. */
    public Optional<String> bootstrapAdminKey() {
        return Optional.ofNullable(bootstrapAdminKey);
    }

    /** A running service's application context (operations and tests: replays, inspection). */
    public synchronized ConfigurableApplicationContext context(Service service) {
        ConfigurableApplicationContext context = services.get(service);
        if (context == null) {
            throw new IllegalStateException(service + " is not running");
        }
        return context;
    }

    /**
     * An internal token as the gateway mints it for an authenticated caller, for calling a service directly
     * ({@link #serviceUrl}) in benchmarks and diagnostics; it expires like any internal token.
     */
    public synchronized String internalToken(String subject, String... roles) {
        if (gateway == null) {
            throw new IllegalStateException("the gateway is not running");
        }
        return gateway.getBean(io.modelledger.gateway.security.InternalTokenSigner.class)
                      .sign(io.modelledger.gateway.security.Caller.internal(subject, List.of(roles)), "direct-" + java.util.UUID.randomUUID());
    }

    /** A service's own address, behind the gateway (a direct call needs the gateway's internal token). */
    public String serviceUrl(Service service) {
        return "http://127.0.0.1:" + port(service);
    }

    /** The console's own address, behind the gateway (which serves it on its origin); empty without a console. */
    public Optional<String> consoleUrl() {
        return console == null ? Optional.empty() : Optional.of("http://127.0.0.1:" + consolePort());
    }

    private int consolePort() {
        return ((org.springframework.boot.web.server.context.WebServerApplicationContext) console).getWebServer().getPort();
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + options.gatewayPort();
    }

    public String mongoUri() {
        return mongoUri;
    }

    private int port(Service service) {
        return switch (service) {
            case REGISTRY -> options.registryPort();
            case EVAL -> options.evalPort();
            case MONITOR -> options.monitorPort();
        };
    }

    private Map<String, Object> serviceProperties(Service service) {
        Map<String, Object> properties = new LinkedHashMap<>(commonProperties());
        properties.put("server.port", port(service));
        properties.put("server.address", "127.0.0.1");
        properties.put("spring.mongodb.uri", mongoUri);
        // one process per service here, so a stable owner name lets a restarted process re-claim its
        // processor segments at once instead of waiting for the claims of its previous life to expire
        properties.put("modelledger.event-store.node-id", "standalone-" + service.name().toLowerCase());
        properties.put("modelledger.security.gateway-jwks-uri", gatewayUrl() + InternalToken.JWKS_PATH);
        properties.put("spring.autoconfigure.exclude", exclusions(NOT_FOR_SERVICES));
        // the audit key and checkpoints live in the data directory, outside the database (unless configured)
        properties.put("modelledger.audit.generate-key-in", options.dataDirectory().toAbsolutePath().normalize().toString());
        properties.put("modelledger.audit.checkpoints.file", options.dataDirectory().toAbsolutePath().normalize()
                .resolve("audit-checkpoints-" + options.database() + ".jsonl").toString());
        properties.putAll(options.properties());
        return properties;
    }

    private Map<String, Object> gatewayProperties() {
        Map<String, Object> properties = new LinkedHashMap<>(commonProperties());
        properties.put("server.port", options.gatewayPort());
        properties.put("modelledger.services.registry", "http://127.0.0.1:" + options.registryPort());
        properties.put("modelledger.services.eval", "http://127.0.0.1:" + options.evalPort());
        properties.put("modelledger.services.monitor", "http://127.0.0.1:" + options.monitorPort());
        properties.put("modelledger.gateway.registry-url", "http://127.0.0.1:" + options.registryPort());
        if (console != null) {
            properties.put("modelledger.services.console", "http://127.0.0.1:" + consolePort());
        }
        properties.put("spring.autoconfigure.exclude", exclusions(NOT_FOR_GATEWAY));
        properties.putAll(options.properties());
        return properties;
    }

    private Map<String, Object> consoleProperties() {
        Map<String, Object> properties = new LinkedHashMap<>(commonProperties());
        properties.put("server.port", options.consolePort());
        properties.put("server.address", "127.0.0.1");
        properties.put("modelledger.console.api-url", gatewayUrl());
        properties.put("spring.autoconfigure.exclude", exclusions(NOT_FOR_CONSOLE));
        properties.putAll(options.properties());
        // the charts ask for the window sizes the monitor keeps
        if (options.properties().containsKey("modelledger.monitor.windows")) {
            properties.put("modelledger.console.window-sizes", options.properties().get("modelledger.monitor.windows"));
        }
        return properties;
    }

    private Map<String, Object> commonProperties() {
        // one logging system serves all four contexts: an application name in each line would be the last one's
        return Map.of("spring.main.banner-mode", "off",
                      "spring.main.log-startup-info", "false",
                      "logging.include-application-name", "false",
                      "logging.level.root", "WARN",
                      "logging.level.io.modelledger", "INFO");
    }

    /** As command-line arguments: they outrank each application's own configuration file. */
    private static String[] arguments(Map<String, Object> properties) {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    private static String exclusions(List<String> prefixes) {
        ClassLoader loader = Platform.class.getClassLoader();
        return StreamSupport.stream(ImportCandidates.load(AutoConfiguration.class, loader).spliterator(), false)
                            .filter(name -> prefixes.stream().anyMatch(name::startsWith))
                            .collect(Collectors.joining(","));
    }

    @Override
    public synchronized void close() {
        List<Runnable> steps = new ArrayList<>();
        if (gateway != null) {
            steps.add(gateway::close);
        }
        if (console != null) {
            steps.add(console::close);
        }
        for (Service service : List.copyOf(services.keySet()).reversed()) {
            steps.add(() -> stop(service));
        }
        if (embeddedMongo != null) {
            steps.add(embeddedMongo::close);
        }
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                System.err.println("Error while stopping: " + e);
            }
        }
    }
}
