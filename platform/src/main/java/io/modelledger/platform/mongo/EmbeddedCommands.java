package io.modelledger.platform.mongo;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * How our embedded backends treat commands. Writes: mongo-java-server runs commands from different
 * connections concurrently, and a write's response refers to the stored document itself, which the next
 * write mutates before the response is encoded (measured: 4 threads × 500 concurrent
 * {@code findAndModify $inc} on one counter got 26–30 duplicate values back, though the counter ended
 * right). Our backends run writes one at a time and copy the response before the next write starts, as
 * MongoDB's document-level atomicity requires.
 */
final class EmbeddedCommands {

    private static final Set<String> DOCUMENT_WRITES = names("insert", "update", "delete", "findAndModify", "bulkWrite");
    private static final Set<String> WRITES = names(
            "insert", "update", "delete", "findAndModify", "createIndexes", "dropIndexes", "drop",
            "dropDatabase", "create", "renameCollection", "bulkWrite");
    private static final Set<String> DOCUMENT_READS = names("find", "getMore", "aggregate");

    private EmbeddedCommands() {
    }

    /**
     * Command names compared as the server compares them, ignoring case, without a lower-cased copy per command
     * (1.6% of the samples under the registry's write load, in a lookup made for every command).
     */
    private static Set<String> names(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        Collections.addAll(set, names);
        return Collections.unmodifiableSet(set);
    }

    /** Reads whose answer holds stored documents (by reference, in the memory backend). */
    static boolean returnsDocuments(String command) {
        return DOCUMENT_READS.contains(command);
    }

    static boolean isWrite(String command) {
        return WRITES.contains(command);
    }

    /** A write of documents, which a client may ask not to wait for the journal; schema changes always do. */
    static boolean isDocumentWrite(String command) {
        return DOCUMENT_WRITES.contains(command);
    }

    /**
     * The command the embedded server knows under another name: drivers' and Spring Boot's health checks
     * send {@code hello}, which mongo-java-server 1.47 answers only under its older name {@code isMaster}.
     */
    static String known(String command) {
        return "hello".equalsIgnoreCase(command) ? "isMaster" : command;
    }
}
