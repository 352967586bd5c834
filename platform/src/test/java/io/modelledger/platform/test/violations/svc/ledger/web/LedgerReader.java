package io.modelledger.platform.test.violations.svc.ledger.web;

import io.modelledger.platform.test.violations.svc.ledger.query.LedgerStore;

/** Violates the read path: web code that reads a store of the query side instead of sending a query. */
public class LedgerReader {

    long entries(LedgerStore store) {
        return store.entries();
    }
}
