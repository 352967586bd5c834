package io.modelledger.platform.test.violations.svc.ledger.api;

/** A query where it belongs: a top-level record of the feature's api package. */
public record FindEntry(long position) {
}
