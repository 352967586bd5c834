package io.modelledger.standalone;

import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar modelledger-standalone.jar [--data=./data] [--gateway-port=8080] …}: the whole
 * platform on a laptop. Stops cleanly on Ctrl-C. With {@code --service=registry|eval|monitor|gateway|console}
 * (or {@code MODELLEDGER_SERVICE}) it runs that one application instead, as the container image does.
 */
public final class StandaloneApplication {

    private StandaloneApplication() {
    }

    public static void main(String[] args) throws InterruptedException {
        String single = System.getenv("MODELLEDGER_SERVICE");
        java.util.List<String> rest = new java.util.ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--service=")) {
                single = arg.substring("--service=".length());
            } else {
                rest.add(arg);
            }
        }
        if (single != null && !single.isBlank()) {
            try {
                var context = Platform.runAlone(single, rest.toArray(String[]::new));
                if (single.equals("registry")) {
                    context.getBean(io.modelledger.registry.access.command.BootstrapAdminKey.class).issueIfFirstStart()
                           .ifPresent(StandaloneApplication::announce);
                }
            } catch (RuntimeException e) {
                System.err.println("ModelLedger " + single + " could not start: " + e.getMessage());
                e.printStackTrace();
                System.exit(1);
            }
            return;
        }
        Platform platform;
        StandaloneOptions options;
        try {
            options = StandaloneOptions.from(args, System.getenv());
            Preflight.check(options);
            platform = Platform.start(options);
        } catch (IllegalArgumentException | Preflight.StartupFailure e) {
            System.err.println("ModelLedger could not start: " + e.getMessage());
            System.exit(1);
            return;
        } catch (RuntimeException e) {
            System.err.println("ModelLedger could not start: " + e.getMessage());
            e.printStackTrace();
            System.exit(1); // Axon's non-daemon threads would keep a half-started JVM alive
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("ModelLedger is stopping…");
            platform.close();
            stopped.countDown();
        }, "modelledger-shutdown"));
        System.out.println();
        platform.bootstrapAdminKey().ifPresent(StandaloneApplication::announce);
        System.out.println("ModelLedger is ready: " + platform.gatewayUrl()
                                   + (options.mongoUri() == null ? " (data in " + options.dataDirectory().toAbsolutePath().normalize() + ")" : ""));
        platform.consoleUrl().ifPresent(console -> System.out.println(
                "The console: open " + platform.gatewayUrl() + " in a browser and sign in with an API key (the admin key above on a first start)"));
        System.out.flush();
        stopped.await();
    }

    private static void announce(String key) {
        System.out.println("First start: an admin API key was issued. It is shown only this once; keep it safe:");
        System.out.println();
        System.out.println("    " + key);
        System.out.println();
        System.out.println("Use it as 'Authorization: Bearer <key>' and create keys for people and pipelines with");
        System.out.println("POST /api/access/keys. Revoke it (DELETE /api/access/keys/0000000000000000) when done.");
        System.out.println();
    }
}
