package io.modelledger.console.audit;

import io.modelledger.contracts.audit.AuditBundle;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The signed exports one session fetched and verified, kept so that what the person downloads is exactly the bundle
 * the page verified (not a second fetch). Lives in the HTTP session: the last one only, at most 64 MiB, its bytes
 * counted against the {@link ExportBudget} of all sessions until a newer export replaces it or the session ends.
 */
final class VerifiedExports implements HttpSessionBindingListener {

    static final String SESSION_ATTRIBUTE = VerifiedExports.class.getName();
    static final int MAX_BYTES = 64 * 1024 * 1024;
    private static final int KEPT = 1;

    record Export(String id, String fileName, byte[] bundle, AuditBundle.Result result) {
    }

    private final ExportBudget budget;
    private final Map<String, Export> exports = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Export> eldest) {
            if (size() > KEPT) {
                budget.release(eldest.getValue().bundle().length);
                return true;
            }
            return false;
        }
    };

    VerifiedExports(ExportBudget budget) {
        this.budget = budget;
    }

    private boolean closed;

    /**
     * Keeps a bundle whose bytes were reserved from the budget; they are released when it is no longer kept. Null once the
     * session has ended (the caller then gives its bytes back itself).
     */
    synchronized Export keep(String fileName, byte[] bundle, AuditBundle.Result result) {
        if (closed) {
            return null;
        }
        Export export = new Export(UUID.randomUUID().toString(), fileName, bundle, result);
        exports.put(export.id(), export);
        return export;
    }

    synchronized Export find(String id) {
        return exports.get(id);
    }

    /** The session ended (signed out, timed out, its lifetime over): its exports go, and their bytes back to the budget. */
    @Override
    public synchronized void valueUnbound(HttpSessionBindingEvent event) {
        closed = true;
        exports.values().forEach(e -> budget.release(e.bundle().length));
        exports.clear();
    }
}
