package io.modelledger.standalone;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a start needs before anything starts: every port free and the data directory not in use by another
 * ModelLedger process (a lock held for the life of this one). A failure is one clear sentence, and the
 * launcher exits with it at once instead of starting half the platform.
 */
final class Preflight {

    /** A start that cannot succeed; the message says why in one line. */
    static final class StartupFailure extends RuntimeException {
        StartupFailure(String message) {
            super(message);
        }
    }

    private static FileLock held;

    private Preflight() {
    }

    static void check(StandaloneOptions options) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("gateway", options.gatewayPort());
        ports.put("registry", options.registryPort());
        ports.put("eval", options.evalPort());
        ports.put("monitor", options.monitorPort());
        if (options.consolePort() > 0) {
            ports.put("console", options.consolePort());
        }
        if (options.mongoUri() == null) {
            ports.put("embedded MongoDB", options.mongoPort());
        }
        ports.forEach(Preflight::requireFree);
        if (options.mongoUri() == null) {
            lock(options.dataDirectory());
        }
    }

    private static void requireFree(String what, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as the servers bind: a port in TIME_WAIT is free, one listening is not
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new StartupFailure("Port " + port + " (" + what + ") is in use: stop what holds it or choose another with --"
                    + (what.startsWith("embedded") ? "mongodb" : what) + "-port=");
        }
    }

    private static synchronized void lock(Path data) {
        try {
            Files.createDirectories(data);
            FileChannel channel = FileChannel.open(data.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new StartupFailure("The data directory " + data.toAbsolutePath().normalize()
                        + " is in use by another ModelLedger process");
            }
            held = lock; // kept until the JVM exits
        } catch (OverlappingFileLockException e) {
            throw new StartupFailure("The data directory " + data.toAbsolutePath().normalize() + " is already in use by this process");
        } catch (IOException e) {
            throw new StartupFailure("The data directory " + data.toAbsolutePath().normalize() + " cannot be used: " + e.getMessage());
        }
    }
}
