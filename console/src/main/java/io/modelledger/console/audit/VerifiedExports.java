package io.modelledger.console.audit;

import io.modelledger.contracts.audit.AuditBundle;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The signed exports one session fetched and verified, kept so that what the person downloads is exactly the bundle
 * the page verified (not a second fetch). Lives in the HTTP session: the last one only, at most 64 MiB.
 */
final class VerifiedExports {

    static final String SESSION_ATTRIBUTE = VerifiedExports.class.getName();
    static final int MAX_BYTES = 64 * 1024 * 1024;
    private static final int KEPT = 1;

    record Export(String id, String fileName, byte[] bundle, AuditBundle.Result result) {
    }

    private final Map<String, Export> exports = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Export> eldest) {
            return size() > KEPT;
        }
    };

    synchronized Export keep(String fileName, byte[] bundle, AuditBundle.Result result) {
        Export export = new Export(UUID.randomUUID().toString(), fileName, bundle, result);
        exports.put(export.id(), export);
        return export;
    }

    synchronized Export find(String id) {
        return exports.get(id);
    }
}
