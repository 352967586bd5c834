package io.modelledger.platform.test.violations.svc.ledger.query;

/** A read-model store: the query side's own business, not web code's. */
public class LedgerStore {

    public long entries() {
        return 0;
    }
}
