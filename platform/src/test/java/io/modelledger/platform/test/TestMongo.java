package io.modelledger.platform.test;

import io.modelledger.platform.mongo.EmbeddedMongoServer;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The MongoDB a test run uses, chosen once per JVM: {@code MODELLEDGER_TEST_MONGO_URI} if set (a URI
 * without a database path), else a Testcontainers {@code mongo:8} single-node replica set when a Docker
 * engine answers, else the embedded MongoDB-wire server in memory. Prints which one it picked.
 */
public final class TestMongo {

    public static final String ENV_URI = "MODELLEDGER_TEST_MONGO_URI";
    private static String base;
    private static String kind;

    private TestMongo() {
    }

    /** A connection string for {@code database} on the run's server. */
    public static synchronized String uri(String database) {
        if (base == null) {
            start();
        }
        int query = base.indexOf('?');
        String hosts = query < 0 ? base : base.substring(0, query);
        String options = query < 0 ? "" : base.substring(query);
        return hosts.replaceAll("/+$", "") + "/" + database + options;
    }

    /** {@code external}, {@code testcontainers} or {@code embedded}. */
    public static synchronized String kind() {
        if (base == null) {
            start();
        }
        return kind;
    }

    private static void start() {
        String configured = System.getenv(ENV_URI);
        if (configured != null && !configured.isBlank()) {
            base = configured.trim();
            kind = "external";
        } else if (dockerAvailable()) {
            MongoDBContainer container = new MongoDBContainer("mongo:8").withReplicaSet();
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "test-mongo-stop"));
            String url = container.getReplicaSetUrl("x");
            base = url.replace("/x", "");
            kind = "testcontainers";
        } else {
            EmbeddedMongoServer server = EmbeddedMongoServer.inMemory("127.0.0.1", 0);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-mongo-stop"));
            base = server.connectionString("").replaceAll("/$", "");
            kind = "embedded";
        }
        System.out.println("[modelledger-test] MongoDB for this run: " + kind + " at " + base.replaceAll("//[^@/]*@", "//***@"));
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }
}
