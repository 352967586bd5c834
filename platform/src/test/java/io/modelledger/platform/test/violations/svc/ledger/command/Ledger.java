package io.modelledger.platform.test.violations.svc.ledger.command;

import org.axonframework.spring.stereotype.Aggregate;

/** An aggregate that web code must not touch. */
@Aggregate
public class Ledger {

    public int balance() {
        return 0;
    }
}
