package io.modelledger.platform.test.violations.svc;

/** Violates the event-store boundary: it names the store's collection and a field of a stored event. */
public final class ReadsTheEventStoreLayout {

    static final String COMMITS = "event_commits";
    static final String INDEX = "globalIndex";

    private ReadsTheEventStoreLayout() {
    }
}
