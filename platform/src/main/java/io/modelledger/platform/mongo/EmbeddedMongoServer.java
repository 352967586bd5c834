package io.modelledger.platform.mongo;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded MongoDB-wire server ({@code mongo-java-server}) for standalone mode and for tests on a
 * machine without Docker. With a data directory it stores in one H2 MVStore file and acknowledges a write
 * only once it is on disk ({@link DurableH2Backend}); without one it keeps everything in memory.
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoServer.class);
    public static final String STORE_FILE = "modelledger.mv";
    /**
     * Netty event loops serving the connections. A command runs on its connection's loop, and a synced write holds
     * that loop until its sync, so with Netty's default (two per core) a read-model write that waits for no sync
     * queued behind other connections' syncs. Idle loops cost a thread each.
     */
    static final int EVENT_LOOPS = 32;

    private final MongoServer server;
    private final MongoBackend backend;
    private final InetSocketAddress address;
    private final Path dataDirectory;

    private EmbeddedMongoServer(MongoBackend backend, String host, int port, Path dataDirectory) {
        this.backend = backend;
        this.server = new MongoServer(backend);
        this.server.bind(new InetSocketAddress(host, port), 1, EVENT_LOOPS);
        this.address = server.getLocalAddress();
        this.dataDirectory = dataDirectory;
    }

    /** Starts a durable server storing under {@code dataDirectory}, listening on host:port (0 = any free port). */
    public static EmbeddedMongoServer durable(Path dataDirectory, String host, int port) {
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + dataDirectory, e);
        }
        EmbeddedMongoServer server = new EmbeddedMongoServer(
                DurableH2Backend.open(dataDirectory.resolve(STORE_FILE)), host, port, dataDirectory);
        log.info("Embedded MongoDB-wire server listening on {} with data in {}", server.address, dataDirectory.toAbsolutePath());
        return server;
    }

    /** Starts a server that keeps everything in memory (tests). */
    public static EmbeddedMongoServer inMemory(String host, int port) {
        EmbeddedMongoServer server = new EmbeddedMongoServer(new AtomicMemoryBackend(), host, port, null);
        log.info("Embedded MongoDB-wire server (memory) listening on {}", server.address);
        return server;
    }

    public InetSocketAddress address() {
        return address;
    }

    public String connectionString(String database) {
        return "mongodb://" + address.getHostString() + ":" + address.getPort() + "/" + database;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() {
        server.shutdownNow();
        backend.close();
        log.info("Embedded MongoDB-wire server on {} stopped", address);
    }
}
