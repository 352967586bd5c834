package io.modelledger.platform.mongo;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the durable embedded MongoDB-wire server on its own:
 * {@code java -cp … io.modelledger.platform.mongo.EmbeddedMongoServerMain <dataDir> [port] [host]}.
 * Prints {@code LISTENING <connection string>} once it accepts connections.
 */
public final class EmbeddedMongoServerMain {

    private EmbeddedMongoServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1) {
            System.err.println("usage: EmbeddedMongoServerMain <dataDir> [port] [host]");
            System.exit(2);
        }
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 27017;
        String host = args.length > 2 ? args[2] : "127.0.0.1";
        EmbeddedMongoServer server = EmbeddedMongoServer.durable(Path.of(args[0]), host, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "embedded-mongo-shutdown"));
        System.out.println("LISTENING " + server.connectionString(""));
        System.out.flush();
        stopped.await();
    }
}
