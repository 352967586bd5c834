package io.modelledger.platform.test.violations.svc.ledger.web;

import io.modelledger.platform.test.violations.svc.ledger.command.Ledger;

/** Violates the read path: web code that reads an aggregate instead of asking the query side. */
public class LedgerController {

    int balance(Ledger ledger) {
        return ledger.balance();
    }
}
