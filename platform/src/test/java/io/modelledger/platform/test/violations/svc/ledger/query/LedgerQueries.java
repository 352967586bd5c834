package io.modelledger.platform.test.violations.svc.ledger.query;

import io.modelledger.platform.test.violations.svc.ledger.api.FindEntry;
import org.axonframework.queryhandling.QueryHandler;

/** Violates message placement: a query nested in its handler, and a view outside the api package. */
public class LedgerQueries {

    /** Misplaced: nested in the class that answers it. */
    public record CountEntries() {
    }

    /** Misplaced: a view the query side answers with, outside the api package. */
    public record EntryView(long position) {
    }

    @QueryHandler
    long handle(CountEntries query) {
        return 0;
    }

    @QueryHandler
    EntryView handle(FindEntry query) {
        return new EntryView(query.position());
    }
}
