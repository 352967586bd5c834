package io.modelledger.platform.mongo;

import java.util.Locale;
import java.util.Set;

/**
 * How our embedded backends treat commands. Writes: mongo-java-server runs commands from different
 * connections concurrently, and a write's response refers to the stored document itself, which the next
 * write mutates before the response is encoded (measured: 4 threads × 500 concurrent
 * {@code findAndModify $inc} on one counter got 26–30 duplicate values back, though the counter ended
 * right). Our backends run writes one at a time and copy the response before the next write starts, as
 * MongoDB's document-level atomicity requires.
 */
final class EmbeddedCommands {

    private static final Set<String> WRITES = Set.of(
            "insert", "update", "delete", "findandmodify", "createindexes", "dropindexes", "drop",
            "dropdatabase", "create", "renamecollection", "bulkwrite");

    private EmbeddedCommands() {
    }

    private static final Set<String> DOCUMENT_READS = Set.of("find", "getmore", "aggregate");

    /** Reads whose answer holds stored documents (by reference, in the memory backend). */
    static boolean returnsDocuments(String command) {
        return DOCUMENT_READS.contains(command.toLowerCase(Locale.ROOT));
    }

    static boolean isWrite(String command) {
        return WRITES.contains(command.toLowerCase(Locale.ROOT));
    }

    /**
     * The command the embedded server knows under another name: drivers' and Spring Boot's health checks
     * send {@code hello}, which mongo-java-server 1.47 answers only under its older name {@code isMaster}.
     */
    static String known(String command) {
        return "hello".equalsIgnoreCase(command) ? "isMaster" : command;
    }
}
